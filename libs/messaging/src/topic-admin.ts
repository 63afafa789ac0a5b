import type { Kafka } from 'kafkajs';

/**
 * Creates the topics a service needs (brokers run with auto.create.topics.enable=false). Creating
 * an existing topic is not an error, so every replica may call this at start-up.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  partitions: number,
  replicationFactor = -1,
) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
  } finally {
    await admin.disconnect();
  }
}
