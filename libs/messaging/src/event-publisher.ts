import { encodeEvent, EVENT_CONTENT_TYPE, type Event } from '@gba/contracts';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';

export interface OutgoingEvent {
  event: Event;
  /** W3C trace context of the change that produced the event, copied into the Kafka headers. */
  traceparent?: string;
}

export function eventHeaders(event: Event, traceparent?: string): Record<string, string> {
  const headers: Record<string, string> = { 'message-id': event.eventId, 'content-type': EVENT_CONTENT_TYPE };
  if (traceparent) headers['traceparent'] = traceparent;
  return headers;
}

/**
 * Publishes envelopes keyed by declaration id, so one declaration's events from one authority stay
 * in order. Idempotent producer with acks=all and one request in flight: a retried send is neither
 * duplicated nor reordered by the broker.
 */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(topic: string, events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.producer.send({
      topic,
      acks: -1,
      messages: events.map(({ event, traceparent }) => ({
        key: event.declarationId,
        value: Buffer.from(encodeEvent(event)),
        headers: eventHeaders(event, traceparent),
      })),
    });
  }

  /** Raw send, for the dead-letter topic, which keeps the original bytes. */
  async sendRaw(
    topic: string,
    messages: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> }[],
  ) {
    await this.producer.send({ topic, acks: -1, messages });
  }
}
