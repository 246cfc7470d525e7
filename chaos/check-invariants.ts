import { loadConfig, requireMerchantKey } from '../platform/config';
import { createDb } from '../platform/db';
import { connectClient } from '../platform/temporal';
import { runCli } from '../scripts/cli';
import { operatorConfig } from '../scripts/stack/cluster/profile';
import { checkInvariants, formatResults } from './invariants';

/**
 * `npm run check-invariants`: the chaos suite's oracle on its own, against the stack that DATABASE_URL,
 * TEMPORAL_ADDRESS and PAYMENT_GATEWAY_URL name (the local `npm start` by default). Exit 1 on a violation.
 */
async function main() {
  const config = operatorConfig(loadConfig());
  const db = createDb(config.postgres.url, { max: 2 });
  const temporal = await connectClient(config);
  try {
    const results = await checkInvariants({
      db,
      gatewayUrl: config.paymentGateway.url,
      gatewayKey: requireMerchantKey(config),
      temporal,
    });
    process.stdout.write(`${formatResults(results)}\n`);
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await db.destroy();
    await temporal.connection.close();
  }
}

runCli(main);
