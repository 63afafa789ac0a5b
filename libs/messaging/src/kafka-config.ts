import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { filterKafkaJsNegativeTimeoutWarning } from './kafka-warnings';

/** Connection settings read from the environment; the same names in every service and in compose. */
export interface KafkaConnectionSettings {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  /** PEM of the CA that signed the brokers' certificates, when not a system CA. */
  sslCa?: string;
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain'; username: string; password: string };
}

/**
 * The kafkajs client configuration of these settings. Every client of the services is built from
 * it, so it also keeps kafkajs's spurious TimeoutNegativeWarning (kafkajs#1751) off stderr: see
 * {@link filterKafkaJsNegativeTimeoutWarning}.
 */
export function toKafkaConfig(settings: KafkaConnectionSettings): KafkaConfig {
  filterKafkaJsNegativeTimeoutWarning();
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl ? (settings.sslCa ? { ca: [settings.sslCa] } : true) : false,
    sasl: settings.sasl as SASLOptions | undefined,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
  };
}
