#!/usr/bin/env bash
# Local Apache Kafka (KRaft, one combined broker+controller) without Docker.
# The broker jars come from Maven Central through `mvn` and are cached outside git.
#
#   deploy/local/kafka.sh up|down|status|logs
#
# Environment: KAFKA_VERSION (default 4.1.1), KAFKA_HOME_DIR (cache + data, default ~/.cache/gba-kafka),
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093).
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
LOG4J_VERSION="${LOG4J_VERSION:-2.25.3}"
SLF4J_VERSION="${SLF4J_VERSION:-2.0.17}"
BASE="${KAFKA_HOME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gba-kafka}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
LIB="$BASE/lib-$KAFKA_VERSION-$LOG4J_VERSION-$SLF4J_VERSION"
RUN="$BASE/run-$PORT"
DATA="$RUN/data"
PIDFILE="$RUN/kafka.pid"
LOGFILE="$RUN/kafka.log"

log() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  [ -f "$LIB/.complete" ] && return 0
  command -v mvn >/dev/null || { log "mvn not found: install Maven and a JDK 17+ (or use docker compose)"; exit 1; }
  command -v java >/dev/null || { log "java not found: install a JDK 17+ (or use docker compose)"; exit 1; }
  log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $LIB (once)"
  local pomdir; pomdir="$(mktemp -d)"
  cat >"$pomdir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>gba.local</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$LIB.tmp"
  mvn -q -B -f "$pomdir/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB.tmp" >&2
  rm -rf "$pomdir" "$LIB"
  mv "$LIB.tmp" "$LIB"
  touch "$LIB/.complete"
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

kafka_class() {
  java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIB/*" "$@"
}

answers() {
  kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --list >/dev/null 2>&1
}

configure() {
  mkdir -p "$RUN"
  cat >"$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
delete.topic.enable=true
PROPS
  cat >"$RUN/log4j2.properties" <<L4J
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
L4J
}

up() {
  fetch
  if running; then log "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"; return 0; fi
  configure
  if [ ! -f "$DATA/meta.properties" ]; then
    log "formatting KRaft storage in $DATA"
    kafka_class kafka.tools.StorageTool format -t "$(kafka_class kafka.tools.StorageTool random-uuid)" \
      -c "$RUN/server.properties" >/dev/null
  fi
  log "starting broker on 127.0.0.1:$PORT (controller $CONTROLLER_PORT), log $LOGFILE"
  nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIB/*" kafka.Kafka "$RUN/server.properties" \
    >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if ! running; then log "broker exited during start-up; last lines of $LOGFILE:"; tail -n 30 "$LOGFILE" >&2; exit 1; fi
    if answers; then log "ready on 127.0.0.1:$PORT"; return 0; fi
    sleep 1
  done
  log "broker did not answer within 120 s; see $LOGFILE"
  exit 1
}

down() {
  if ! running; then log "not running"; rm -f "$PIDFILE"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  log "stopping pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; log "stopped"; return 0; }; sleep 1; done
  log "did not stop in 60 s; killing"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

status() {
  if running; then echo "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"; else echo "stopped"; return 3; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  reset) down; rm -rf "$RUN" ;;
  logs) tail -n "${2:-100}" "$LOGFILE" ;;
  *) echo "usage: $0 up|down|status|reset|logs [n]" >&2; exit 2 ;;
esac
