import path from 'node:path';
import { Client } from 'pg';
import {
  DATABASE_PROCESSES,
  OWNER_ROLE,
  ROLE_MEMBERSHIPS,
  ROLE_OF,
  type DatabaseProcess,
} from '../../platform/db-roles';
import type { AppRole, StackCredentials } from './credentials';
import { takeOverObjects } from './postgres-adopt';
import { say } from './progress';
import { loadOrCreatePasswords, secretsDir, type Passwords } from './secret-files';

/** The database role of each app process that uses the database. */
const LOGIN_OF: Readonly<Partial<Record<AppRole, string>>> = ROLE_OF;

/** The cluster profile's Temporal server: owns its two databases, nothing of the app's. */
export const TEMPORAL_SERVER_ROLE = 'temporal_server';

const LOGINS = [OWNER_ROLE, ...DATABASE_PROCESSES.map((name) => ROLE_OF[name]), TEMPORAL_SERVER_ROLE];

/**
 * The roles' passwords of this data directory (`secrets/postgres.json`), made for any role that has
 * none yet. Only the supervisor and the operator read it.
 */
export const databasePasswords = (dataDir: string): Passwords =>
  loadOrCreatePasswords(path.join(secretsDir(dataDir), 'postgres.json'), LOGINS).passwords;

/** `baseUrl` (host, port, database) as `login` with its password. */
function urlAs(baseUrl: string, login: string, password: string): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(login);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** Each app process gets its own role's URL; the supervisor the owner's. */
export function databaseCredentials(baseUrl: string, passwords: Passwords): StackCredentials {
  return {
    admin: { DATABASE_URL: urlAs(baseUrl, OWNER_ROLE, passwords[OWNER_ROLE]!) },
    forRole(role): Record<string, string> {
      const login = LOGIN_OF[role];
      return login ? { DATABASE_URL: urlAs(baseUrl, login, passwords[login]!) } : {};
    },
  };
}

/**
 * Creates (or brings back in line) the owner and the app processes' roles on the server the stack runs,
 * as its superuser, and hands out their URLs. Idempotent, run at every start: passwords kept in sync with
 * the data directory's file, the app's database owned by the owner (with every object a `postgres` run of
 * the migrations left behind: see postgres-adopt.ts), nobody but the owner creating in `public`. The
 * grants per table come after the migrations (platform/db-roles.ts applyDatabaseGrants).
 */
export async function ensureDatabaseRoles({
  superuserUrl,
  dataDir,
}: {
  /** The superuser's URL of the app's database (its path names the database). */
  superuserUrl: string;
  dataDir: string;
}): Promise<StackCredentials> {
  const passwords = databasePasswords(dataDir);
  const client = new Client({ connectionString: superuserUrl, application_name: 'order-saga-roles' });
  await client.connect();
  try {
    // The statements carry passwords: keep them out of the server's log whatever it is set to log.
    await client.query(`set log_statement = 'none'; set log_min_duration_statement = -1`);
    for (const login of LOGINS.filter((name) => name !== TEMPORAL_SERVER_ROLE))
      await ensureLogin(client, login, passwords[login]!);
    for (const [name, memberships] of Object.entries(ROLE_MEMBERSHIPS))
      for (const membership of memberships ?? [])
        await client.query(
          `grant ${ident(client, membership)} to ${ident(client, ROLE_OF[name as DatabaseProcess])}`,
        );
    const database = new URL(superuserUrl).pathname.slice(1);
    await client.query(`alter database ${ident(client, database)} owner to ${ident(client, OWNER_ROLE)}`);
    await client.query('revoke create on schema public from public');
    const adopted = await takeOverObjects(client, OWNER_ROLE);
    if (adopted.length > 0)
      say(
        `${OWNER_ROLE} took over ${adopted.length} object(s) an earlier run had made as ${new URL(superuserUrl).username}`,
      );
  } finally {
    await client.end();
  }
  return databaseCredentials(superuserUrl, passwords);
}

/**
 * The Temporal server's own login (cluster profile), made or brought in line as the superuser: its
 * databases are made with it as owner (prepareTemporalDatabases), so the server never runs as the
 * superuser. Returns its name and password (kept with the others, `<dataDir>/secrets/postgres.json`).
 */
export async function ensureTemporalServerRole({
  superuserUrl,
  dataDir,
}: {
  superuserUrl: string;
  dataDir: string;
}): Promise<{ user: string; password: string }> {
  const password = databasePasswords(dataDir)[TEMPORAL_SERVER_ROLE]!;
  const client = new Client({ connectionString: superuserUrl, application_name: 'order-saga-roles' });
  await client.connect();
  try {
    await client.query(`set log_statement = 'none'; set log_min_duration_statement = -1`);
    await ensureLogin(client, TEMPORAL_SERVER_ROLE, password);
  } finally {
    await client.end();
  }
  return { user: TEMPORAL_SERVER_ROLE, password };
}

async function ensureLogin(client: Client, login: string, password: string) {
  const attributes = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit';
  const secret = client.escapeLiteral(password);
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [login]);
  try {
    if (exists.rowCount === 0)
      return await client.query(`create role ${ident(client, login)} ${attributes} password ${secret}`);
  } catch (error) {
    // Another server start made it meanwhile (role names are cluster-wide): fall through to the alter.
    if ((error as { code?: string }).code !== '42710') throw error;
  }
  await client.query(`alter role ${ident(client, login)} ${attributes} password ${secret}`);
}

const ident = (client: Client, name: string) => client.escapeIdentifier(name);
