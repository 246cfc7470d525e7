import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signToken, ROLES, type Role } from '../api/auth';
import { loadConfig } from '../platform/config';
import { runCli, UsageError } from './cli';

const USAGE = `usage: npm run --silent token -- <${ROLES.join('|')}> <subject> [--email <address>]`;

/** `npm run --silent token -- <ROLE> <subject>` prints a dev JWT, nothing else, so it composes in shells. */
async function main() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { email: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('.')[0]}; ${USAGE}`);
  }
  const [role, subject, ...extra] = parsed.positionals;
  if (!role || !subject || extra.length > 0) throw new UsageError(USAGE);
  const upper = role.toUpperCase();
  if (!ROLES.includes(upper as Role))
    throw new UsageError(`unknown role "${role}"; use one of ${ROLES.join(', ')}`);
  const { email } = parsed.values;
  if (email !== undefined && !z.email().safeParse(email).success)
    throw new UsageError(`"${email}" is not an e-mail address`);
  const token = await signToken(loadConfig().jwt, {
    subject,
    role: upper as Role,
    ...(email ? { email } : {}),
  });
  process.stdout.write(`${token}\n`);
}

runCli(main);
