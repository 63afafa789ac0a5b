import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** Connection settings read from the environment; the same names in every service and in compose. */
export interface KafkaConnectionSettings {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  /** PEM of the CA that signed the brokers' certificates, when not a system CA. */
  sslCa?: string;
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain'; username: string; password: string };
}

export function toKafkaConfig(settings: KafkaConnectionSettings): KafkaConfig {
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
