#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's databases on the shared PostgreSQL
# server and brings both schemas to the version this image ships. Safe to re-run on every
# `docker compose up`: create-database ignores an existing database, setup-schema keeps a newer
# version, and update-schema applies only the missing versions.
set -eu

: "${POSTGRES_SEEDS:=postgres}"
: "${DB_PORT:=5432}"
: "${POSTGRES_USER:=postgres}"
: "${DBNAME:=temporal}"
: "${VISIBILITY_DBNAME:=temporal_visibility}"
# The superuser's password from its compose secret (POSTGRES_PWD_FILE), or POSTGRES_PWD; temporal-sql-tool
# reads it from SQL_PASSWORD (keeps it out of the process list).
if [ -n "${POSTGRES_PWD_FILE:-}" ]; then
  POSTGRES_PWD=$(cat "$POSTGRES_PWD_FILE")
fi
export SQL_PASSWORD="${POSTGRES_PWD:?set POSTGRES_PWD_FILE (or POSTGRES_PWD)}"

SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

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
  echo "Setting up database '$db' from $versioned"
  sql_tool --db "$db" create-database
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$versioned"
}

setup_database "$DBNAME" "$SCHEMA_DIR/temporal/versioned"
setup_database "$VISIBILITY_DBNAME" "$SCHEMA_DIR/visibility/versioned"

echo "Temporal schemas are up to date"
