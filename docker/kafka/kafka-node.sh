#!/bin/bash
# One Kafka node of docker-compose.yml (apache/kafka image, run instead of its own start script), as the
# cluster profile's nodes (scripts/stack/kafka.ts, saslListeners): KRaft broker and controller, every
# connection signed in. Clients use SCRAM-SHA-512 (users kept in the cluster's metadata: `admin` from the
# first format, the app's users from kafka-setup.sh) on CLIENT (kafka-N:19092, inside the network) and
# EXTERNAL (the host's published port); the brokers talk to each other on CLIENT as `admin`; the
# controllers take PLAIN with `admin` their only user on CONTROLLER. ACLs are enforced (StandardAuthorizer)
# and nothing is allowed without one; `admin` is the only super user.
#
# Environment: KAFKA_NODE_ID, KAFKA_CLUSTER_ID, KAFKA_ADVERTISED_LISTENERS (CLIENT://...,EXTERNAL://...),
# KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_ADMIN_PASSWORD_FILE (a compose secret), KAFKA_HEAP_OPTS.
set -euo pipefail

: "${KAFKA_NODE_ID:?}" "${KAFKA_CLUSTER_ID:?}" "${KAFKA_ADVERTISED_LISTENERS:?}"
: "${KAFKA_CONTROLLER_QUORUM_VOTERS:?}" "${KAFKA_ADMIN_PASSWORD_FILE:?}"
admin_password=$(cat "$KAFKA_ADMIN_PASSWORD_FILE")
if [[ ! $admin_password =~ ^[A-Za-z0-9._~-]+$ ]]; then
  echo "kafka-node.sh: the password in $KAFKA_ADMIN_PASSWORD_FILE may hold only A-Z a-z 0-9 . _ ~ -" >&2
  exit 1
fi

# The image's secrets volume, this container's alone; the files hold the administrator's password.
conf_dir=/etc/kafka/secrets
umask 077
admin="username=\"admin\" password=\"$admin_password\""

cat >"$conf_dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
listeners=CLIENT://:19092,EXTERNAL://:9092,CONTROLLER://:19093
advertised.listeners=$KAFKA_ADVERTISED_LISTENERS
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required $admin;
listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required $admin user_admin="$admin_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=/var/lib/kafka/data
num.partitions=3
# The app creates its topics (migrate); a typo must not create one.
auto.create.topics.enable=false
# Every topic on all three nodes; an acks=all write (every producer of the app) needs two of them, so one
# node may be down without losing a write or refusing one. The internal topics the same: without enough
# replicas for them, consumer groups never find a coordinator.
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
EOF

# For the healthcheck (kafka-broker-api-versions.sh) and an operator's `docker compose exec` tools.
cat >"$conf_dir/admin.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required $admin;
EOF

# Formats the log directory on the first start only, with `admin` as a SCRAM user from the beginning:
# the brokers sign in to each other with it before anyone could create it.
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$KAFKA_CLUSTER_ID" \
  --config "$conf_dir/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]"

# The image's console-only logging, as its own start script uses.
if [ -f /etc/kafka/docker/log4j.properties ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:/etc/kafka/docker/log4j.properties"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf_dir/server.properties"
