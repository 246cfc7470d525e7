#!/bin/bash
# The app's login roles, as scripts/stack/postgres-roles.ts makes them for the local stack: the owner
# that runs the migrations and one role per app process (platform/db-roles.ts), none of them a superuser;
# the `orders` database owned by the owner; nobody else creating in its `public` schema. The grants per
# table follow after every migration run (`migrate`: applyDatabaseGrants).
#
# Runs once, when the postgres volume is first initialised (docker-entrypoint-initdb.d, after
# 10-orders.sql), as the superuser over the socket. Idempotent: on a volume made before, run it by hand
# (it also sets each role's password to the one its secret holds now):
#
#   docker compose exec postgres bash /docker-entrypoint-initdb.d/20-roles.sh
#
# Each role's password comes from its URL secret (/run/secrets/database-url-<process>, made by
# docker/make-secrets.sh): the URL the process connects with is the one source of its password.
#
# Also Temporal's server's own login, temporal_server, as scripts/stack/postgres-roles.ts
# (ensureTemporalServerRole) makes it, with the password of /run/secrets/temporal-db-password: the
# server connects as it, never as the superuser. temporal-admin-tools (docker/temporal/setup-schema.sh)
# creates its two databases and hands them to it.

# A subshell: the entrypoint sources a script that is not executable, and nothing here may change its shell.
(
  set -euo pipefail

  # <secret>:<role>; keep in step with OWNER_ROLE and ROLE_OF (platform/db-roles.ts).
  ROLES="owner:order_owner api:order_api order-worker:order_worker outbox-relay:order_outbox_relay
    projector:order_projector notifier:order_notifier payment-gateway:order_payment_gateway"
  # <role>:<built-in role it is a member of>; keep in step with ROLE_MEMBERSHIPS (platform/db-roles.ts).
  MEMBERSHIPS="order_api:pg_read_all_stats"
  OWNER=order_owner
  # Keep in step with TEMPORAL_SERVER_ROLE (scripts/stack/postgres-roles.ts) and docker-compose.yml.
  TEMPORAL_ROLE=temporal_server
  TEMPORAL_SECRET=/run/secrets/temporal-db-password

  sql() {
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname "$1"
  }

  # login <role> <password>: the statements that make the role, or bring it in line, with that password.
  login() {
    # On stdin, not the command line: the passwords stay out of the process list.
    statements+="
\\set login '$1'
\\set password '$2'
select format('create role %I', :'login') where not exists (select from pg_roles where rolname = :'login') \\gexec
alter role :\"login\" with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password :'password';"
  }

  database=""
  statements="set log_statement = 'none';"
  for pair in $ROLES; do
    secret=/run/secrets/database-url-${pair%%:*}
    role=${pair#*:}
    url=$(cat "$secret")
    if [[ ! $url =~ ^postgres(ql)?://([^:@/]+):([^@/]+)@[^/]+/([^/?]+)$ ]]; then
      echo "20-roles.sh: $secret is not a postgres://user:password@host:port/database URL" >&2
      exit 1
    fi
    login=${BASH_REMATCH[2]} password=${BASH_REMATCH[3]} url_database=${BASH_REMATCH[4]}
    if [ "$login" != "$role" ]; then
      echo "20-roles.sh: $secret names the role $login, not $role" >&2
      exit 1
    fi
    # Unreserved URL characters only (make-secrets.sh writes hex): nothing to decode, nothing to quote.
    if [[ ! $password =~ ^[A-Za-z0-9._~-]+$ ]]; then
      echo "20-roles.sh: the password in $secret may hold only A-Z a-z 0-9 . _ ~ -" >&2
      exit 1
    fi
    if [ -n "$database" ] && [ "$database" != "$url_database" ]; then
      echo "20-roles.sh: $secret names the database $url_database, the others $database" >&2
      exit 1
    fi
    database=$url_database
    login "$login" "$password"
  done
  password=$(cat "$TEMPORAL_SECRET")
  if [[ ! $password =~ ^[A-Za-z0-9._~-]+$ ]]; then
    echo "20-roles.sh: the password in $TEMPORAL_SECRET may hold only A-Z a-z 0-9 . _ ~ -" >&2
    exit 1
  fi
  login "$TEMPORAL_ROLE" "$password"
  for pair in $MEMBERSHIPS; do
    statements+="
grant \"${pair#*:}\" to \"${pair%%:*}\";"
  done
  statements+="
alter database \"$database\" owner to \"$OWNER\";"
  sql postgres <<<"$statements"
  # PostgreSQL 15+ no longer lets PUBLIC create in `public`; said explicitly, as the local stack does.
  sql "$database" <<<"revoke create on schema public from public;"
  echo "20-roles.sh: the app's roles and $TEMPORAL_ROLE are ready; database $database is owned by $OWNER"
)
