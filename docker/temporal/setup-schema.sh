#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's databases on the shared PostgreSQL
# server, hands them to Temporal's own role and brings both schemas to the version this image ships,
# as that role, so that every table is its own (as the cluster profile does it:
# scripts/stack/cluster/temporal-server.ts prepareTemporalDatabases). Safe to re-run on every
# `docker compose up`: create-database ignores an existing database, the handover changes only what
# is not the role's yet, setup-schema keeps a newer version, and update-schema applies only the
# missing versions.
#
# As the superuser (POSTGRES_USER, password from POSTGRES_PWD_FILE): each database is created, given
# to TEMPORAL_DB_USER with whatever an earlier run made in its `public` schema as the superuser, and
# closed to every other role. As TEMPORAL_DB_USER (password from TEMPORAL_DB_PWD_FILE): the schemas.
# The role itself is made by docker/postgres/20-roles.sh.
set -eu

: "${POSTGRES_SEEDS:=postgres}"
: "${DB_PORT:=5432}"
: "${POSTGRES_USER:=postgres}"
: "${TEMPORAL_DB_USER:=temporal_server}"
: "${DBNAME:=temporal}"
: "${VISIBILITY_DBNAME:=temporal_visibility}"

# password <NAME>: the contents of the file <NAME>_FILE names (a compose secret), or else $<NAME>.
password() {
  eval "file=\${${1}_FILE:-} value=\${${1}:-}"
  if [ -n "$file" ]; then value=$(cat "$file"); fi
  if [ -z "$value" ]; then
    echo "setup-schema.sh: set ${1}_FILE (or $1)" >&2
    exit 2
  fi
  printf '%s' "$value"
}
superuser_password=$(password POSTGRES_PWD)
server_password=$(password TEMPORAL_DB_PWD)

# The role's name goes into the handover's SQL below: a plain lower-case name only.
case $TEMPORAL_DB_USER in
  '' | [!a-z_]* | *[!a-z0-9_]*)
    echo "setup-schema.sh: TEMPORAL_DB_USER \"$TEMPORAL_DB_USER\" is not a lower-case SQL name" >&2
    exit 2
    ;;
esac
if [ "$TEMPORAL_DB_USER" = "$POSTGRES_USER" ]; then
  echo "setup-schema.sh: TEMPORAL_DB_USER must be Temporal's own role, not the superuser $POSTGRES_USER" >&2
  exit 2
fi

SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

# temporal-sql-tool reads the password from SQL_PASSWORD (keeps it out of the process list).
as_superuser() {
  SQL_PASSWORD=$superuser_password \
    temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}
as_server() {
  SQL_PASSWORD=$server_password \
    temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$TEMPORAL_DB_USER" "$@"
}

# The handover, run in each database as the superuser (the image has no psql: temporal-sql-tool runs
# it, `setup-schema --disable-versioning`, which executes a file's statements and records nothing).
# One statement, so one transaction: the database becomes the role's, PUBLIC loses its default
# CONNECT and TEMPORARY, and the role takes over the tables (with their serial sequences and indexes),
# views, other sequences, functions and types in `public` that are not its own yet (those of an earlier
# run as the superuser), never an extension's. Not REASSIGN OWNED BY postgres: the bootstrap superuser
# also owns the system's objects. The body is a single-quoted string, not dollar-quoted: the tool
# splits a file at every `;` outside quotes, parentheses and BEGIN ... END, and counts END LOOP as an
# END. So the body holds no apostrophe but the doubled ones of its own literals.
handover=$(mktemp)
trap 'rm -f "$handover"' EXIT
cat >"$handover" <<EOF
do '
declare
  server_role name := ''$TEMPORAL_DB_USER'';
  server_oid oid;
  item record;
begin
  select oid into server_oid from pg_roles where rolname = server_role and rolcanlogin and not rolsuper;
  if server_oid is null then
    raise exception ''no login role % that is not a superuser: docker/postgres/20-roles.sh makes it (see docker/README.md)'', server_role;
  end if;
  execute format(''alter database %I owner to %I'', current_database(), server_role);
  execute format(''revoke all on database %I from public'', current_database());
  execute format(''grant connect, temporary on database %I to %I'', current_database(), server_role);
  for item in
    select case c.relkind when ''v'' then ''view'' when ''m'' then ''materialized view''
                          when ''f'' then ''foreign table'' else ''table'' end as kind,
           format(''%I.%I'', n.nspname, c.relname) as object
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ''public'' and c.relkind in (''r'', ''p'', ''v'', ''m'', ''f'') and c.relowner <> server_oid
       and not exists (select from pg_depend d where d.classid = ''pg_class''::regclass and d.objid = c.oid and d.deptype = ''e'')
  loop
    execute format(''alter %s %s owner to %I'', item.kind, item.object, server_role);
  end loop;
  for item in
    select format(''%I.%I'', n.nspname, c.relname) as object
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ''public'' and c.relkind = ''S'' and c.relowner <> server_oid
       and not exists (select from pg_depend d where d.classid = ''pg_class''::regclass and d.objid = c.oid and d.deptype = ''e'')
  loop
    execute format(''alter sequence %s owner to %I'', item.object, server_role);
  end loop;
  for item in
    select format(''%I.%I(%s)'', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = ''public'' and p.proowner <> server_oid
       and not exists (select from pg_depend d where d.classid = ''pg_proc''::regclass and d.objid = p.oid and d.deptype = ''e'')
  loop
    execute format(''alter routine %s owner to %I'', item.object, server_role);
  end loop;
  for item in
    select format(''%I.%I'', n.nspname, t.typname) as object
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = ''public'' and t.typtype in (''e'', ''d'') and t.typowner <> server_oid
       and not exists (select from pg_depend d where d.classid = ''pg_type''::regclass and d.objid = t.oid and d.deptype = ''e'')
  loop
    execute format(''alter type %s owner to %I'', item.object, server_role);
  end loop;
end';
EOF

echo "Waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT..."
attempt=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$DB_PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL did not accept connections after $attempt attempts" >&2
    exit 1
  fi
  sleep 2
done

setup_database() {
  db=$1
  versioned=$2
  echo "Setting up database '$db' from $versioned, owned by $TEMPORAL_DB_USER"
  as_superuser --db "$db" create-database
  as_superuser --db "$db" setup-schema --disable-versioning --schema-file "$handover"
  as_server --db "$db" setup-schema -v 0.0
  as_server --db "$db" update-schema -d "$versioned"
}

setup_database "$DBNAME" "$SCHEMA_DIR/temporal/versioned"
setup_database "$VISIBILITY_DBNAME" "$SCHEMA_DIR/visibility/versioned"

echo "Temporal schemas are up to date"
