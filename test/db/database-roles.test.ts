import type { Knex } from 'knex';
import { createDb } from '../../platform/db';
import {
  DATABASE_PROCESSES,
  OWNER_ROLE,
  ROLE_OF,
  appObjects,
  catalogueGaps,
  grantsOf,
  type TablePrivilege,
} from '../../platform/db-roles';

/**
 * The test stack made the roles and applied the grants after its migrations, as `npm start` does
 * (scripts/stack.ts up --migrate). The cluster test connects as the roles and is refused.
 */
const PRIVILEGES: TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
let db: Knex;
beforeAll(() => (db = createDb(process.env.DATABASE_URL!)));
afterAll(() => db.destroy());

test('every object the migrations make is in the grants catalogue, which names nothing else', async () => {
  expect(await catalogueGaps(db)).toEqual({ uncatalogued: [], missing: [] });
});

test('each process role holds exactly the table privileges the catalogue gives it', async () => {
  const tables = (await appObjects(db)).filter((name) => !name.endsWith('()'));
  const { rows } = await db.raw<{ rows: Array<{ role: string; object: string; privilege: string }> }>(
    `select r.rolname as role, t.name as object, p.privilege
       from pg_roles r, unnest(?::text[]) as t(name), unnest(?::text[]) as p(privilege)
      where r.rolname = any(?) and has_table_privilege(r.rolname, t.name, p.privilege)`,
    [tables, PRIVILEGES, DATABASE_PROCESSES.map((name) => ROLE_OF[name])],
  );
  const held = rows.map((row) => `${row.role} ${row.privilege} ${row.object}`).sort();
  const granted = DATABASE_PROCESSES.flatMap((name) =>
    [...grantsOf(name)].flatMap(([table, privileges]) =>
      [...privileges].map((privilege) => `${ROLE_OF[name]} ${privilege} ${table}`),
    ),
  ).sort();
  expect(held).toEqual(granted);
  // The projector writes the read models, never the stock.
  expect(held).toContain('order_projector UPDATE read_models.order_summaries');
  expect(held).not.toContain('order_projector UPDATE inventory.products');
});

test('no process role is a superuser or may create roles, databases or schemas; the owner owns the tables', async () => {
  const roles = [OWNER_ROLE, ...DATABASE_PROCESSES.map((name) => ROLE_OF[name])];
  const { rows } = await db.raw<{ rows: Array<Record<string, unknown>> }>(
    `select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,
            has_schema_privilege(rolname, 'public', 'CREATE') as creates_in_public
       from pg_roles where rolname = any(?) order by rolname`,
    [roles],
  );
  expect(rows).toHaveLength(roles.length);
  for (const row of rows)
    expect(row).toEqual({
      rolname: row.rolname,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      creates_in_public: row.rolname === OWNER_ROLE,
    });
  const { rows: owners } = await db.raw<{ rows: Array<{ owner: string }> }>(
    `select distinct pg_get_userbyid(c.relowner) as owner
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('inventory', 'orders', 'payments', 'read_models', 'notifications', 'payment_gateway')
        and c.relkind in ('r', 'p')`,
  );
  expect(owners).toEqual([{ owner: OWNER_ROLE }]);
});
