import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AUTHORITIES, DEAD_LETTER_HEADERS, KeyHashPartitioner } from '@gba/messaging';
import { KAFKA, MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import type { Authority } from '@gba/standards';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Counter } from 'prom-client';
import {
  DOCUMENT_CONTENT_TYPE,
  decodeDocument,
  encodeDocument,
  isPoisonDocument,
} from './events/document-mapper';
import {
  SupportingDocuments,
  SupportingDocumentStore,
} from '../use-cases/supporting-documents/supporting-documents.handler';

/**
 * Largest message of a documents topic (`max.message.bytes`, bytes): a 10 MiB document plus its
 * metadata and the record overhead, with room to spare (11 MiB). The events topics keep Kafka's 1 MiB.
 */
export const DOCUMENT_TOPIC_MAX_MESSAGE_BYTES = 11 * 1024 * 1024;

/** `gba.<authority>.documents.v1`: the supporting documents uploaded at that authority. */
export function documentsTopic(authority: Authority, prefix = ''): string {
  return `${prefix}gba.${authority.toLowerCase()}.documents.v1`;
}

/** `gba.<authority>.documents.dlq.v1`: partners' documents this authority could never store. */
export function documentsDeadLetterTopic(authority: Authority, prefix = ''): string {
  return `${prefix}gba.${authority.toLowerCase()}.documents.dlq.v1`;
}

/** Pause of the sharing loop when nothing is waiting, and after a failure (ms). */
const IDLE_MS = 250;
const RETRY_MS = 2000;

const textHeaders = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]),
  );

/**
 * Moves supporting documents between the participants (issue 13, docs/supporting-documents.md):
 * - out: each document uploaded here is published whole, one message per produce request, on this
 *   authority's documents topic, then marked shared (a crash in between publishes it again;
 *   receivers store each document id once);
 * - in: its own consumer group (`<prefix><authority>-documents`) reads the partners' documents
 *   topics; a document whose bytes do not match its size, SHA-256 or type, or bytes that are no
 *   document, go to the documents dead-letter topic with the usual `x-*` headers, and the offset
 *   moves on; a temporary failure (database) fails the message, and kafkajs retries it.
 * Topics are created at start-up with `max.message.bytes` of 11 MiB.
 */
@Injectable()
export class DocumentExchangeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('documents');
  private readonly producer: Producer;
  private consumer?: Consumer;
  private stopped = false;
  private loop?: Promise<void>;
  private readonly me: Authority;
  private readonly shared: Counter;
  private readonly received: Counter<'outcome'>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly store: SupportingDocumentStore,
    private readonly documents: SupportingDocuments,
    metrics: MetricsRegistry,
  ) {
    this.me = config.authority;
    // Keyed by declaration id like its events, placed by the same partitioner (an explicit one also
    // keeps kafkajs from warning at start that its default partitioner changed in v2).
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: KeyHashPartitioner,
    });
    this.shared = new Counter({
      name: 'gba_documents_shared_total',
      help: 'Supporting documents uploaded here and published to the other participants',
      registers: [metrics.registry],
    });
    this.received = new Counter({
      name: 'gba_documents_received_total',
      help: "Partners' supporting documents received, by outcome (stored, duplicate, skipped, dead-lettered)",
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  private get prefix(): string {
    return this.config.topicPrefix;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ensureTopics();
        await this.producer.connect();
        await this.startConsumer();
        break;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'documents: Kafka not reachable yet; retrying');
        await this.pause(RETRY_MS);
      }
    }
    while (!this.stopped) {
      try {
        const sharedOne = await this.store.shareNext((document) => this.publish(document));
        if (sharedOne) this.shared.inc();
        else await this.pause(IDLE_MS);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'documents: sharing failed; retrying');
        await this.pause(RETRY_MS);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, this.stopped ? 0 : ms));
  }

  /** Every documents topic (own, partners', own dead letters), created with the raised message size. */
  private async ensureTopics(): Promise<void> {
    const wanted = [
      ...AUTHORITIES.map((a) => documentsTopic(a, this.prefix)),
      documentsDeadLetterTopic(this.me, this.prefix),
    ];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.config.topicPartitions,
          replicationFactor: this.config.topicReplicationFactor,
          configEntries: [{ name: 'max.message.bytes', value: String(DOCUMENT_TOPIC_MAX_MESSAGE_BYTES) }],
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  private async publish(document: Parameters<typeof encodeDocument>[0]): Promise<void> {
    await this.producer.send({
      topic: documentsTopic(this.me, this.prefix),
      acks: -1,
      messages: [
        {
          key: document.declarationId,
          value: Buffer.from(encodeDocument(document)),
          headers: { 'message-id': document.id, 'content-type': DOCUMENT_CONTENT_TYPE },
        },
      ],
    });
  }

  private async startConsumer(): Promise<void> {
    const groupId = `${this.prefix}${this.me.toLowerCase()}-documents`;
    const consumer = this.kafka.consumer({
      groupId,
      maxBytesPerPartition: DOCUMENT_TOPIC_MAX_MESSAGE_BYTES,
      maxBytes: 2 * DOCUMENT_TOPIC_MAX_MESSAGE_BYTES,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: AUTHORITIES.filter((a) => a !== this.me).map((a) => documentsTopic(a, this.prefix)),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => this.receive(groupId, topic, partition, message),
    });
    this.consumer = consumer;
    this.logger.log("consuming partners' supporting documents");
  }

  private async receive(groupId: string, topic: string, partition: number, message: KafkaMessage) {
    let outcome: string;
    try {
      outcome = await this.documents.receive(decodeDocument(message.value ?? new Uint8Array()));
    } catch (err) {
      if (!isPoisonDocument(err)) throw err;
      await this.producer.send({
        topic: documentsDeadLetterTopic(this.me, this.prefix),
        acks: -1,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...textHeaders(message.headers),
              [DEAD_LETTER_HEADERS.sourceTopic]: topic,
              [DEAD_LETTER_HEADERS.sourcePartition]: String(partition),
              [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
              [DEAD_LETTER_HEADERS.error]: err.message,
              [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
              [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
            },
          },
        ],
      });
      this.logger.error(
        { topic, partition, offset: message.offset, err: err.message },
        'document dead-lettered',
      );
      outcome = 'dead-lettered';
    }
    this.received.inc({ outcome });
  }
}
