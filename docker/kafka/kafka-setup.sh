#!/bin/bash
# One-shot job of docker-compose.yml (apache/kafka image), as the administrator: every app user of Kafka
# with the password its secret holds now (SCRAM-SHA-512), then each user's ACLs from acls.conf. Idempotent:
# run on every `docker compose up`, it changes nothing that is already so.
#
# Users: one per mounted secret /run/secrets/kafka-password-<user> other than admin's, so the service's
# `secrets:` list is the list of users. ACLs are only added: a line taken out of acls.conf stays allowed
# on an existing cluster until removed by hand (kafka-acls.sh --remove; see docker/README.md).
#
#   kafka-setup.sh <acls.conf>
#
# Environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_ADMIN_PASSWORD_FILE (a compose secret).
set -euo pipefail

acls=${1:?usage: kafka-setup.sh <acls.conf>}
: "${KAFKA_BOOTSTRAP_SERVERS:?}" "${KAFKA_ADMIN_PASSWORD_FILE:?}"
bin=/opt/kafka/bin
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

safe_password() {
  if [[ ! $2 =~ ^[A-Za-z0-9._~-]+$ ]]; then
    echo "kafka-setup.sh: the password in $1 may hold only A-Z a-z 0-9 . _ ~ -" >&2
    exit 1
  fi
}

admin_password=$(cat "$KAFKA_ADMIN_PASSWORD_FILE")
safe_password "$KAFKA_ADMIN_PASSWORD_FILE" "$admin_password"
cat >"$work/admin.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
EOF
admin=(--bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$work/admin.properties")

users=()
for secret in /run/secrets/kafka-password-*; do
  user=${secret#/run/secrets/kafka-password-}
  if [ "$user" = admin ] || [ ! -f "$secret" ]; then continue; fi
  password=$(cat "$secret")
  safe_password "$secret" "$password"
  # From a file, not the command line: the password stays out of the process list.
  printf 'SCRAM-SHA-512=[password=%s]\n' "$password" >"$work/scram.properties"
  "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type users --entity-name "$user" \
    --add-config-file "$work/scram.properties"
  users+=("$user")
done
rm -f "$work/scram.properties"
echo "kafka-setup.sh: users ${users[*]} sign in with their secrets' passwords"

# One kafka-acls.sh run (a JVM) per user and operation, naming every resource of that pair.
declare -A resources=()
while read -r user operation resource name extra; do
  case $user in '' | '#'*) continue ;; esac
  if [ -z "$name" ] || [ -n "$extra" ] || [[ ! $resource =~ ^(topic|group)$ ]]; then
    echo "kafka-setup.sh: $acls: cannot read the line \"$user $operation $resource $name $extra\"" >&2
    exit 1
  fi
  resources["$user $operation"]+=" --$resource $name"
done <"$acls"

for key in "${!resources[@]}"; do
  read -r user operation <<<"$key"
  # shellcheck disable=SC2086 # the list is "--topic name --group name ...", names without spaces
  "$bin/kafka-acls.sh" "${admin[@]}" --add --allow-principal "User:$user" --operation "$operation" \
    ${resources[$key]}
done
echo "kafka-setup.sh: ACLs of $acls in place"
