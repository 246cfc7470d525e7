import { signToken, ROLES, type Role } from '../api/auth';
import { loadConfig } from '../platform/config';
import { runCli, UsageError } from './cli';

/** `npm run --silent token -- <ROLE> <subject>` prints a dev JWT, nothing else, so it composes in shells. */
async function main() {
  const [role, subject] = process.argv.slice(2);
  if (!role || !subject)
    throw new UsageError(`usage: npm run --silent token -- <${ROLES.join('|')}> <subject>`);
  const upper = role.toUpperCase();
  if (!ROLES.includes(upper as Role))
    throw new UsageError(`unknown role "${role}"; use one of ${ROLES.join(', ')}`);
  process.stdout.write(`${await signToken(loadConfig().jwt, { subject, role: upper as Role })}\n`);
}

runCli(main);
