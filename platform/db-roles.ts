import type { Knex } from 'knex';

/**
 * Who may do what in the app's database: one login role per app process, each granted only the tables
 * its code touches, and an owner that runs the migrations and owns every schema and table. Applied after
 * every migration run (`applyDatabaseGrants`); the roles themselves are made by whoever runs the server
 * (scripts/stack/postgres-roles.ts locally, docker/postgres/20-roles.sh in compose).
 */

/** Owns the schemas and tables, runs the migrations, the grants and the demo seed. Not a superuser. */
export const OWNER_ROLE = 'order_owner';

/** The app processes that connect to the database (the names of scripts/stack/credentials.ts). */
export const DATABASE_PROCESSES = [
  'api',
  'order-worker',
  'outbox-relay',
  'projector',
  'notifier',
  'payment-gateway',
] as const;
export type DatabaseProcess = (typeof DATABASE_PROCESSES)[number];

/** PostgreSQL role names are cluster-wide; one per process, the same in every database of the server. */
export const ROLE_OF: Readonly<Record<DatabaseProcess, string>> = {
  api: 'order_api',
  'order-worker': 'order_worker',
  'outbox-relay': 'order_outbox_relay',
  projector: 'order_projector',
  notifier: 'order_notifier',
  'payment-gateway': 'order_payment_gateway',
};

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
export interface TableGrant {
  privileges: readonly TablePrivilege[];
  why: string;
}
/** `schema.table` → what one process may do there. */
export type TableGrants = Readonly<Record<string, TableGrant>>;

// Three rules of PostgreSQL that shape the lists below:
// - `insert ... on conflict (col)` needs SELECT on the conflict columns; so does `update ... where col`.
// - `select ... for update` needs UPDATE (it locks rows as an update would).
// - a serial id's sequence needs USAGE: given with INSERT on its table (see sequenceGrants).

/** The saga's steps (activities/): stock, orders, payments, and the events of each in its outbox. */
const ORDER_WORKER: TableGrants = {
  'inventory.products': {
    privileges: ['SELECT', 'UPDATE'],
    why: 'reserve/release/commit lock product rows (FOR UPDATE) and move reserved and on_hand; never creates products',
  },
  'inventory.reservations': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'one row per order line; release and commit flip its status',
  },
  'inventory.outbox': {
    privileges: ['SELECT', 'INSERT'],
    why: 'inventory events (insert on conflict event_id); openOrder looks up an earlier reservation_failed',
  },
  'orders.orders': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'openOrder/recordOrderPlaced insert the order (returning id); recordOrderStatus updates it',
  },
  'orders.outbox': { privileges: ['SELECT', 'INSERT'], why: 'order events, appended on conflict event_id' },
  'payments.payments': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'chargePayment records the outcome; refundPayment reads it and marks it refunded',
  },
  'payments.outbox': {
    privileges: ['SELECT', 'INSERT'],
    why: 'payment events, appended on conflict event_id',
  },
};

/** The API's own reads and writes (api/, and the catalog activities it runs for sellers). */
const API: TableGrants = {
  'orders.submissions': {
    privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    why: 'Idempotency-Key rows: inserted at placement, locked FOR UPDATE on replay, deleted by the reconciler',
  },
  'orders.orders': {
    privileges: ['SELECT'],
    why: "an order's recorded state, its authorisation, unpaid holds, the refund_failed metric",
  },
  'inventory.products': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'prices and the busy-row check at placement; sellers create products and restock (FOR UPDATE)',
  },
  'inventory.restocks': {
    privileges: ['SELECT', 'INSERT'],
    why: 'a restock is added once per key (insert on conflict id returning id)',
  },
  'inventory.outbox': {
    privileges: ['SELECT', 'INSERT'],
    why: 'inventory.restocked of catalog changes, appended on conflict event_id',
  },
  'read_models.order_summaries': {
    privileges: ['SELECT'],
    why: 'GET /orders, the admin overview, live updates',
  },
  'read_models.order_timeline': { privileges: ['SELECT'], why: "an order's timeline while its saga is busy" },
  'read_models.order_sellers': { privileges: ['SELECT'], why: "a seller's orders, live updates" },
  'read_models.product_availability': { privileges: ['SELECT'], why: 'GET /products' },
};

const OUTBOX_RELAY: TableGrants = Object.fromEntries(
  ['inventory.outbox', 'orders.outbox', 'payments.outbox'].map((table) => [
    table,
    {
      privileges: ['SELECT', 'UPDATE'],
      why: 'reads unpublished rows of its shards, sets published_at, counts the backlog',
    } satisfies TableGrant,
  ]),
);

/** Writes the read models from the events; reads no table of another context. */
const PROJECTOR: TableGrants = {
  'read_models.inbox': {
    privileges: ['SELECT', 'INSERT'],
    why: 'an event applied once (on conflict returning)',
  },
  'read_models.order_summaries': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'upserted per status event',
  },
  'read_models.order_timeline': {
    privileges: ['SELECT', 'INSERT'],
    why: 'one row per event (on conflict event_id); the placed-to-paid gauge reads it',
  },
  'read_models.order_sellers': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'inserted at order.placed, shipped_at set at order.shipped',
  },
  'read_models.product_availability': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'stock counters upserted by deltas; order.placed looks up sellers',
  },
  'read_models.daily_sales': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'sales counters upserted by deltas',
  },
};

/** Its own schema, built from the events alone. */
const NOTIFIER: TableGrants = {
  'notifications.inbox': {
    privileges: ['SELECT', 'INSERT'],
    why: 'a moment e-mailed once (on conflict returning)',
  },
  'notifications.orders': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'what it knows of each order; the stage told, locked FOR UPDATE',
  },
  'notifications.products': { privileges: ['SELECT', 'INSERT', 'UPDATE'], why: 'product names (upsert)' },
  'notifications.emails': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'the e-mail log and queue: queued, picked FOR UPDATE SKIP LOCKED, marked sent or failed',
  },
};

/** The PSP stand-in's own books; the order system never sees them. */
const PAYMENT_GATEWAY: TableGrants = {
  'payment_gateway.charges': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'charges (returning *); a refund locks the charge and raises refunded_cents',
  },
  'payment_gateway.refunds': { privileges: ['SELECT', 'INSERT'], why: 'one row per refund (returning *)' },
  'payment_gateway.idempotency_keys': {
    privileges: ['SELECT', 'INSERT', 'UPDATE'],
    why: 'per endpoint and key: the first request, locked FOR UPDATE, and the final answer',
  },
};

export const TABLE_GRANTS: Readonly<Record<DatabaseProcess, TableGrants>> = {
  api: API,
  'order-worker': ORDER_WORKER,
  'outbox-relay': OUTBOX_RELAY,
  projector: PROJECTOR,
  notifier: NOTIFIER,
  'payment-gateway': PAYMENT_GATEWAY,
};

// What else the processes do in a session needs no grant here: PostgreSQL lets every role LISTEN, NOTIFY,
// take advisory locks and see its own sessions in pg_stat_activity. The API's LISTEN read_model_changes
// and its advisory locks (unpaid holds, products per seller); the order worker's per-order step lock;
// the relay's LISTEN outbox_inserted, shard locks and count of its own sessions; the projector's
// pg_notify. Only the API's look at other roles' sessions (api/busy-products.ts) needs a membership:
/** Cluster-wide memberships the server's administrator grants (role creation, not applyDatabaseGrants). */
export const ROLE_MEMBERSHIPS: Readonly<Partial<Record<DatabaseProcess, readonly string[]>>> = {
  api: ['pg_read_all_stats'],
};

/** Objects no app process touches: the owner's alone, each with why. */
export const OWNER_ONLY: Readonly<Record<string, string>> = {
  'public.knex_migrations': 'the migrations applied; only migrations read and write it',
  'public.knex_migrations_lock': 'the migrations’ lock',
  'public.outbox_notify()':
    'the outbox trigger function; a trigger runs without EXECUTE for the writer, so nobody else gets it',
};

export interface GrantOptions {
  /**
   * API_EAGER_START: the API runs an order worker of its own (api/eager-start.ts), so its role also needs
   * the saga's grants. Default true, as the setting's default is on.
   */
  apiRunsOrderWorker?: boolean;
}

/** One process's grants, the order worker's folded into the API's when the API runs the saga's steps. */
export function grantsOf(name: DatabaseProcess, { apiRunsOrderWorker = true }: GrantOptions = {}) {
  const parts = [TABLE_GRANTS[name], ...(name === 'api' && apiRunsOrderWorker ? [ORDER_WORKER] : [])];
  const merged = new Map<string, Set<TablePrivilege>>();
  for (const part of parts)
    for (const [table, grant] of Object.entries(part))
      merged.set(table, new Set([...(merged.get(table) ?? []), ...grant.privileges]));
  return merged;
}

/** SQL: a schema `n` (pg_namespace) that is neither PostgreSQL's own nor an extension's. */
export const USER_SCHEMA = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
  and not exists (select 1 from pg_depend d where d.classid = 'pg_namespace'::regclass
                    and d.objid = n.oid and d.deptype = 'e')`;

/** SQL: the object `alias` of system catalog `catalog` (pg_class, pg_proc, pg_type) is no extension's. */
export const notExtensions = (catalog: string, alias: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass
                 and d.objid = ${alias}.oid and d.deptype = 'e')`;

/** The schemas that hold the app's objects: every schema of the database but PostgreSQL's own. */
async function appSchemas(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: Array<{ nspname: string }> }>(
    `select n.nspname from pg_namespace n where ${USER_SCHEMA} order by n.nspname`,
  );
  return rows.map((row) => row.nspname);
}

/**
 * Every table, view and function the migrations made (extensions' own left out), as `schema.name` and
 * `schema.name()`, beside every sequence not owned by a table's column (those follow their table).
 */
export async function appObjects(db: Knex): Promise<string[]> {
  const schemas = await appSchemas(db);
  const { rows } = await db.raw<{ rows: Array<{ name: string }> }>(
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(?) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and ${notExtensions('pg_class', 'c')}
        and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                   and d.objid = c.oid and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')))
     union all
     select n.nspname || '.' || p.proname || '()'
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any(?)
        and ${notExtensions('pg_proc', 'p')}
      order by 1`,
    [schemas, schemas],
  );
  return rows.map((row) => row.name);
}

/** Objects in the database that the catalogue does not mention, and catalogue entries with no object. */
export async function catalogueGaps(db: Knex): Promise<{ uncatalogued: string[]; missing: string[] }> {
  const objects = new Set(await appObjects(db));
  const catalogued = new Set([
    ...Object.keys(OWNER_ONLY),
    ...Object.values(TABLE_GRANTS).flatMap((grants) => Object.keys(grants)),
  ]);
  return {
    uncatalogued: [...objects].filter((name) => !catalogued.has(name)),
    missing: [...catalogued].filter((name) => !objects.has(name)),
  };
}

export interface GrantsApplied {
  /** Processes whose role exists and got its grants. */
  granted: DatabaseProcess[];
  /** Roles not on this server (an external one set up otherwise): nothing granted to them. */
  missingRoles: string[];
  /** Tables, views or functions in the database that the catalogue does not mention: nobody gets them. */
  uncatalogued: string[];
}

/**
 * Grants each process's role exactly what the catalogue lists in this database, after revoking all it
 * had, so that a grant taken out of the catalogue goes away. One transaction: a running process never
 * sees its grants half applied. Run by the owner (or a superuser) after the migrations, every time.
 */
export async function applyDatabaseGrants(db: Knex, options: GrantOptions = {}): Promise<GrantsApplied> {
  return db.transaction(async (trx) => {
    // Two runs at once would update the same catalog rows ("tuple concurrently updated").
    await trx.raw(`select pg_advisory_xact_lock(hashtext('order-saga/database-grants'))`);
    const { missing, uncatalogued } = await catalogueGaps(trx);
    if (missing.length > 0)
      throw new Error(
        `the grants catalogue (platform/db-roles.ts) names objects this database does not have: ${missing.join(', ')}; migrate first, or update the catalogue`,
      );
    const roles = [OWNER_ROLE, ...DATABASE_PROCESSES.map((p) => ROLE_OF[p])];
    const { rows } = await trx.raw<{ rows: Array<{ rolname: string }> }>(
      'select rolname from pg_roles where rolname = any(?)',
      [roles],
    );
    const existing = new Set(rows.map((row) => row.rolname));
    const granted = DATABASE_PROCESSES.filter((name) => existing.has(ROLE_OF[name]));
    const schemas = await appSchemas(trx);

    for (const schema of schemas) {
      await trx.raw('revoke all on all tables in schema ?? from public', [schema]);
      await trx.raw('revoke all on all sequences in schema ?? from public', [schema]);
    }
    await revokeFunctionsFromPublic(trx, schemas);
    for (const name of granted) {
      const role = ROLE_OF[name];
      for (const schema of schemas) {
        await trx.raw('revoke all on all tables in schema ?? from ??', [schema, role]);
        await trx.raw('revoke all on all sequences in schema ?? from ??', [schema, role]);
        await trx.raw('revoke all on all functions in schema ?? from ??', [schema, role]);
        await trx.raw('revoke all on schema ?? from ??', [schema, role]);
      }
      const grants = grantsOf(name, options);
      for (const schema of new Set([...grants.keys()].map((table) => table.split('.')[0]!)))
        await trx.raw('grant usage on schema ?? to ??', [schema, role]);
      for (const [table, privileges] of grants) {
        await trx.raw(`grant ${[...privileges].join(', ')} on table ?? to ??`, [table, role]);
        if (privileges.has('INSERT'))
          for (const sequence of await sequencesOf(trx, table))
            await trx.raw('grant usage on sequence ?? to ??', [sequence, role]);
      }
    }
    // Only when every role is ours: a server set up otherwise may have other roles that rely on PUBLIC.
    if (existing.size === roles.length) {
      const database = (await trx.raw<{ rows: Array<{ db: string }> }>('select current_database() as db'))
        .rows[0]!.db;
      await trx.raw('revoke all on database ?? from public', [database]);
      for (const role of roles) await trx.raw('grant connect on database ?? to ??', [database, role]);
    }
    return { granted, missingRoles: roles.filter((role) => !existing.has(role)), uncatalogued };
  });
}

/** The sequences behind a table's serial or identity columns (`schema.sequence`). */
async function sequencesOf(trx: Knex.Transaction, table: string): Promise<string[]> {
  const { rows } = await trx.raw<{ rows: Array<{ name: string }> }>(
    `select n.nspname || '.' || s.relname as name
       from pg_depend d
       join pg_class s on s.oid = d.objid and s.relkind = 'S'
       join pg_namespace n on n.oid = s.relnamespace
      where d.classid = 'pg_class'::regclass and d.refobjid = ?::regclass and d.deptype in ('a', 'i')`,
    [table],
  );
  return rows.map((row) => row.name);
}

/** Functions get EXECUTE for PUBLIC by default; the app's need none (the trigger's fires regardless). */
async function revokeFunctionsFromPublic(trx: Knex.Transaction, schemas: string[]) {
  const { rows } = await trx.raw<{ rows: Array<{ signature: string }> }>(
    `select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any(?)
        and ${notExtensions('pg_proc', 'p')}`,
    [schemas],
  );
  for (const { signature } of rows) await trx.raw(`revoke all on function ${signature} from public`);
}
