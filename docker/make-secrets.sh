#!/bin/sh
# Makes the secrets docker-compose.yml mounts (`secrets:`), once, into ./secrets/ beside it: every file
# that is missing, each with a fresh random value; a file that exists is kept, so running this again
# changes nothing (delete a file to make a new one; see docker/README.md for what must follow).
#
#   sh docker/make-secrets.sh [dir]        # dir defaults to ./secrets of the repository
#
# Needs openssl. The folder is 700 (yours alone on this machine); the files are 644, because compose
# bind-mounts each one into its containers as it is, and there each is read by the container's own
# non-root user (node, appuser, temporal, postgres, grafana), whose uid is not yours. A container sees only
# the files its service names under `secrets:`.
#
# Passwords are hex: they go into URLs and configuration files without any escaping.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/secrets}
command -v openssl >/dev/null 2>&1 || {
  echo "make-secrets.sh needs openssl (Debian: apt-get install -y openssl)" >&2
  exit 1
}

umask 077
mkdir -p "$dir"
chmod 700 "$dir"

made=""
# put <name> <value>: writes the file unless it exists (no trailing newline; every reader strips one anyway).
put() {
  if [ -e "$dir/$1" ]; then return; fi
  printf '%s' "$2" >"$dir/$1.tmp"
  chmod 644 "$dir/$1.tmp"
  mv "$dir/$1.tmp" "$dir/$1"
  made="$made $1"
}
hex() { openssl rand -hex "$1"; }

# PostgreSQL's superuser (the server itself, and temporal-admin-tools, which creates Temporal's databases).
put postgres-password "$(hex 24)"
# Temporal's server's own login role, temporal_server (docker/postgres/20-roles.sh makes it): owns the
# `temporal` and `temporal_visibility` databases; Temporal's four services connect as it.
put temporal-db-password "$(hex 24)"

# One login role per app process and the owner that runs the migrations (platform/db-roles.ts): each
# secret is the whole URL, and docker/postgres/20-roles.sh creates the role with the password in it.
for pair in owner:order_owner api:order_api order-worker:order_worker outbox-relay:order_outbox_relay \
  projector:order_projector notifier:order_notifier payment-gateway:order_payment_gateway; do
  put "database-url-${pair%%:*}" "postgres://${pair#*:}:$(hex 24)@postgres:5432/orders"
done

# Kafka's SCRAM-SHA-512 users: the administrator (the brokers among themselves, topics, ACLs) and one per
# app process that uses Kafka (scripts/stack/cluster/kafka-acls.ts KAFKA_ROLES).
for user in admin api outbox-relay projector notifier; do
  put "kafka-password-$user" "$(hex 32)"
done

# The API's HS256 secret (32+ characters). With an identity provider (JWT_JWKS_URL) and no tokens of
# your own, empty the file: the API then accepts the provider's tokens only.
put jwt-secret "$(hex 32)"
# Workflow payload encryption (platform/payload-codec.ts): id:base64 of 32 bytes, newest first.
put payload-encryption-keys "k1:$(openssl rand -base64 32)"
# The merchant's key at the PSP (order workers and the gateway mock) and the API's key to the mock's drills.
put payment-gateway-api-key "$(hex 24)"
put payment-drill-key "$(hex 24)"
# The Temporal UI's OIDC client secret: empty unless you turn on TEMPORAL_AUTH_ENABLED.
put temporal-ui-oidc-client-secret ""
# Grafana's `admin` user (viewers need no sign-in).
put grafana-admin-password "$(hex 16)"

if [ -n "$made" ]; then echo "made in $dir:$made"; else echo "all secrets present in $dir; nothing made"; fi
