#!/bin/sh
# One-shot job (temporalio/admin-tools): waits for the Temporal server, creates the namespace if it
# is missing and registers the order saga's search attributes. Idempotent: safe on every
# `docker compose up`. Keep the attribute list in step with contracts/search-attributes.ts.
set -eu

: "${TEMPORAL_ADDRESS:=temporal-frontend:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${NAMESPACE_RETENTION:=72h}"
SEARCH_ATTRIBUTES="OrderStatus=Keyword CustomerId=Keyword OrderTotalCents=Int"

host=${TEMPORAL_ADDRESS%:*}
port=${TEMPORAL_ADDRESS##*:}
# The server listens on 0.0.0.0 (IPv4 only): give the CLI an IPv4 address so it never tries an
# IPv6 one first. Falls back to the host name when the lookup is unavailable.
ip=$(getent ahosts "$host" 2>/dev/null | awk '$2 == "STREAM" && $1 ~ /^[0-9.]+$/ { print $1; exit }' || true)
address="${ip:-$host}:$port"

# Mutual TLS: the CLI takes the operator's certificate from TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and
# TEMPORAL_TLS_KEY (docker-compose.yml), and checks the frontend's against TEMPORAL_TLS_SERVER_NAME, not
# against the IP address it dials.
t() { temporal "$@" --address "$address"; }

echo "Waiting for the Temporal server at $TEMPORAL_ADDRESS ($address)..."
attempt=0
until t operator cluster health >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "Temporal server was not healthy after $attempt attempts" >&2
    t operator cluster health || true
    exit 1
  fi
  sleep 2
done
echo "Temporal server is serving"

if t operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "Namespace '$TEMPORAL_NAMESPACE' already exists"
else
  echo "Creating namespace '$TEMPORAL_NAMESPACE' (retention $NAMESPACE_RETENTION)"
  # Tolerate "already exists" from a concurrent run: the describe below is the real check.
  t operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION" || true
  t operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null
fi

# True when the namespace lists the attribute with the expected type.
has_attribute() {
  t operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" 2>/dev/null |
    awk -v name="$1" -v type="$2" '
      # The CLI prints "Keyword"; accept the long enum spelling too.
      $1 == name && (toupper($2) == toupper(type) || toupper($2) == "INDEXED_VALUE_TYPE_" toupper(type)) { found = 1 }
      END { exit !found }'
}

for spec in $SEARCH_ATTRIBUTES; do
  name=${spec%=*}
  type=${spec#*=}
  attempt=0
  # A namespace created a moment ago may not be visible to every server role yet: retry.
  until has_attribute "$name" "$type"; do
    attempt=$((attempt + 1))
    if [ "$attempt" -gt 30 ]; then
      echo "Could not register search attribute $name ($type); is it registered with another type?" >&2
      exit 1
    fi
    echo "Registering search attribute $name ($type)"
    # "already exists" is fine: has_attribute decides.
    t operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type" || true
    sleep 2
  done
  echo "Search attribute $name ($type) is registered"
done

echo "Namespace '$TEMPORAL_NAMESPACE' is ready"
