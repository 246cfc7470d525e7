import { parseArgs } from 'node:util';
import { ServiceError, type Client, type HistoryAndWorkflowId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../platform/config';
import { connectClient, dataConverterFor, installTemporalRuntime } from '../platform/temporal';
import { runCli, UsageError } from './cli';
import { findHistoryFiles, readHistoryFile } from './histories/history-files';

const USAGE = `usage: npm run replay -- <file-or-folder> [...]
       npm run replay -- --from-server [--query "<visibility query>"] [--limit N]

Replays workflow histories against the current workflow code; exits 1 if any of them no longer
replays (a non-deterministic change). --from-server replays recent orderSaga executions of the
server in TEMPORAL_ADDRESS, by default closed ones ("ExecutionStatus != 'Running'").`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'from-server': { type: 'boolean', default: false },
      query: { type: 'string', default: "ExecutionStatus != 'Running'" },
      limit: { type: 'string', default: '50' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer`);
  if (values['from-server'] && positionals.length > 0)
    throw new UsageError(`give either files or --from-server, not both\n${USAGE}`);
  if (!values['from-server'] && positionals.length === 0) throw new UsageError(USAGE);

  installTemporalRuntime('error');
  const client = values['from-server'] ? await connectTo(loadConfig()) : undefined;
  try {
    const histories = client
      ? serverHistories(client, `WorkflowType = 'orderSaga' AND (${values.query})`, limit)
      : findHistoryFiles(positionals).map(readHistoryFile);
    const { replayed, failed } = await replay(histories);
    if (replayed === 0) throw new UsageError(`no orderSaga execution matched "${values.query}"`);
    console.log(`${replayed} replayed, ${failed} failed`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await client?.connection.close();
  }
}

async function replay(histories: AsyncIterable<HistoryAndWorkflowId> | Iterable<HistoryAndWorkflowId>) {
  let replayed = 0;
  let failed = 0;
  // Encrypted payloads are decrypted with PAYLOAD_ENCRYPTION_KEYS; ones written before encryption pass
  // through here (workers refuse them).
  const dataConverter = dataConverterFor(loadConfig(), { acceptPlain: true });
  const results = Worker.runReplayHistories(
    { workflowsPath: require.resolve('../workflows'), dataConverter },
    histories,
  );
  for await (const { workflowId, error } of results) {
    replayed += 1;
    if (!error) {
      console.log(`ok      ${workflowId}`);
      continue;
    }
    failed += 1;
    // The SDK wraps the core's one-line reason in a long debug dump; the reason is what a reader needs.
    const reason = /message: "((?:[^"\\]|\\.)*)"/.exec(error.message)?.[1] ?? error.message;
    console.log(`FAILED  ${workflowId}\n        ${error.name}: ${reason}`);
  }
  return { replayed, failed };
}

function connectTo(config: Config) {
  return connectClient(config).catch((error: Error) => {
    throw new UsageError(
      `cannot reach Temporal at ${config.temporal.address} (${error.message}); set TEMPORAL_ADDRESS`,
    );
  });
}

async function* serverHistories(client: Client, query: string, limit: number) {
  let taken = 0;
  try {
    for await (const execution of client.workflow.list({ query })) {
      if (taken++ >= limit) return;
      const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
      yield { workflowId: execution.workflowId, history: await handle.fetchHistory() };
    }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    throw new UsageError(`the server refused to list "${query}": ${reason}`);
  }
}

runCli(main);
