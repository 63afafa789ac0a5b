#!/usr/bin/env bash
# ACLs of the joint clearance (messaging.md): each authority writes only its own facts and reads
# its partners' (and its own dead letters, to replay them). Run once by an administrator (the
# compose overlay runs it as `kafka-acls`).
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:19092}"
ADMIN_CONFIG="${ADMIN_CONFIG:-/secure/client-admin.properties}"
PREFIX="${KAFKA_TOPIC_PREFIX:-}"
acl() { /opt/kafka/bin/kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" "$@"; }

for me in gz hk mo; do
  principal="User:$me"
  # Its own topics: create them at start-up, write, and describe.
  for topic in "${PREFIX}gba.$me.events.v1" "${PREFIX}gba.$me.dlq.v1" "${PREFIX}gba.$me.replay.v1"; do
    acl --add --allow-principal "$principal" --operation Create --operation Write --operation Describe --topic "$topic"
  done
  # Its replay topic (dead letters sent back, consumed like a partner's) and, for `dlq`, its dead letters.
  for topic in "${PREFIX}gba.$me.dlq.v1" "${PREFIX}gba.$me.replay.v1"; do
    acl --add --allow-principal "$principal" --operation Read --topic "$topic"
  done
  acl --add --allow-principal "$principal" --operation Read --operation Delete \
    --resource-pattern-type prefixed --group "${PREFIX}$me-dlq-reader-"
  # Idempotent producer.
  acl --add --allow-principal "$principal" --operation IdempotentWrite --cluster
  # Its partners' events: read (and create them if it starts first), under its own consumer group.
  for partner in gz hk mo; do
    [ "$partner" = "$me" ] && continue
    acl --add --allow-principal "$principal" --operation Read --operation Describe --operation Create \
      --topic "${PREFIX}gba.$partner.events.v1"
  done
  acl --add --allow-principal "$principal" --operation Read --operation Describe --group "${PREFIX}$me-clearance"
done
acl --list
