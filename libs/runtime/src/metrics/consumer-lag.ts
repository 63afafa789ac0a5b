import type { Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { boundedCollect } from './metrics';

/** How long a scrape waits for the lag figures, in milliseconds. */
const LAG_READ_TIMEOUT_MS = 1000;

/**
 * Consumer lag per partner topic: how many of the partners' events this authority has not applied
 * yet (log-end offset minus committed offset, summed over partitions). Read on scrape, for 1 s at
 * most: while Kafka is unreachable or slow the gauge keeps its last figures and the scrape goes on.
 */
export function registerConsumerLag(
  registry: Registry,
  kafka: Kafka,
  groupId: string,
  topics: string[],
): void {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let connected: Promise<void> | undefined;
  new Gauge({
    name: 'gba_consumer_lag',
    help: "Partner events not yet applied by this authority's consumer group",
    labelNames: ['topic'],
    registers: [registry],
    collect: boundedCollect<Gauge<'topic'>>('gba_consumer_lag', LAG_READ_TIMEOUT_MS, async (gauge) => {
      try {
        connected ??= admin.connect();
        await connected;
        const committed = await admin.fetchOffsets({ groupId, topics });
        for (const { topic, partitions } of committed) {
          const ends = await admin.fetchTopicOffsets(topic);
          let lag = 0;
          for (const end of ends) {
            const done = partitions.find((p) => p.partition === end.partition);
            const from = done && Number(done.offset) >= 0 ? Number(done.offset) : Number(end.low);
            lag += Math.max(0, Number(end.high) - from);
          }
          gauge.set({ topic }, lag);
        }
      } catch (err) {
        connected = undefined; // reconnect next time
        throw err;
      }
    }),
  });
}
