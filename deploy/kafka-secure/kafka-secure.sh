#!/usr/bin/env bash
# Starts the broker of the secure overlay: KRaft storage formatted with the SCRAM credentials of
# the administrator and of each authority (KIP-900), SASL/SCRAM on the client listeners, and the
# standard authorizer (deny unless an ACL allows). Only Kafka's own documented tools are used.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_GZ_PASSWORD:?}" "${KAFKA_HK_PASSWORD:?}" "${KAFKA_MO_PASSWORD:?}"
CONFIG=/tmp/server.properties
cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka:9093
listeners=INTERNAL://:19092,EXTERNAL://:9092,CONTROLLER://:9093
advertised.listeners=INTERNAL://kafka:19092,EXTERNAL://localhost:9092
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
auto.create.topics.enable=false
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
# User:ANONYMOUS is the controller listener's (PLAINTEXT, internal to this container's quorum).
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${CLUSTER_ID:-gba-secure-kraft-cluster1}" -c "$CONFIG" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${KAFKA_ADMIN_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=gz,password=${KAFKA_GZ_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=hk,password=${KAFKA_HK_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=mo,password=${KAFKA_MO_PASSWORD}]"
exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
