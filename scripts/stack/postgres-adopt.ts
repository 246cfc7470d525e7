import type { Client } from 'pg';
import { notExtensions, USER_SCHEMA } from '../../platform/db-roles';

/**
 * Hands the objects of the connected database to `owner`: data folders made before the roles existed
 * were set up by the `postgres` superuser, whose objects the owner could neither alter in a later
 * migration nor grant on (the app's database to its owner, Temporal's to Temporal's role). Only this
 * database is looked at, only objects of its own schemas and of `public`, and never an extension's.
 * `REASSIGN OWNED BY postgres` would not do: the bootstrap superuser also owns the system's objects.
 * A no-op once everything is the owner's. Run as a superuser.
 */
export async function takeOverObjects(client: Client, owner: string): Promise<string[]> {
  const adopted: string[] = [];
  const alter = async (query: string) => {
    const { rows } = await client.query<{ kind: string; name: string }>(query, [owner]);
    for (const { kind, name } of rows) {
      await client.query(`alter ${kind} ${name} owner to ${client.escapeIdentifier(owner)}`);
      adopted.push(`${kind} ${name}`);
    }
  };
  // Schemas first, then tables (which take their serial sequences along), then what is left.
  await alter(`select 'schema' as kind, quote_ident(n.nspname) as name from pg_namespace n
                where ${USER_SCHEMA} and n.nspname <> 'public'
                  and n.nspowner <> (select oid from pg_roles where rolname = $1)`);
  await alter(`select case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                        when 'f' then 'foreign table' else 'table' end as kind,
                      format('%I.%I', n.nspname, c.relname) as name
                 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where ${USER_SCHEMA} and c.relkind in ('r', 'p', 'v', 'm', 'f') and ${notExtensions('pg_class', 'c')}
                  and c.relowner <> (select oid from pg_roles where rolname = $1)`);
  await alter(`select 'sequence' as kind, format('%I.%I', n.nspname, c.relname) as name
                 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where ${USER_SCHEMA} and c.relkind = 'S' and ${notExtensions('pg_class', 'c')}
                  and c.relowner <> (select oid from pg_roles where rolname = $1)`);
  await alter(`select 'routine' as kind,
                      format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as name
                 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where ${USER_SCHEMA} and ${notExtensions('pg_proc', 'p')}
                  and p.proowner <> (select oid from pg_roles where rolname = $1)`);
  await alter(`select 'type' as kind, format('%I.%I', n.nspname, t.typname) as name
                 from pg_type t join pg_namespace n on n.oid = t.typnamespace
                where ${USER_SCHEMA} and t.typtype in ('e', 'd', 'r', 'm') and ${notExtensions('pg_type', 't')}
                  and t.typowner <> (select oid from pg_roles where rolname = $1)`);
  return adopted;
}
