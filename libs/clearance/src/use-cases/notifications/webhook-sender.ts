import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PlatformNotification } from '@gba/clearance-domain';
import { Webhook } from 'standardwebhooks';
import ipaddr from 'ipaddr.js';
import { guardedLookup, refusedAddress, type TargetMode } from './webhook-target';

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The body of a push delivery, as Standard Webhooks suggests (`type`, `timestamp`, `data`): the
 * notification (without the platform's id) in `data`.
 */
export function webhookPayload(notification: PlatformNotification): string {
  const { platformId: _platformId, ...data } = notification;
  return JSON.stringify({
    type: `declaration.${notification.type.toLowerCase()}`,
    timestamp: notification.occurredAt,
    data,
  });
}

/**
 * The Standard Webhooks headers of one delivery attempt: `webhook-id` (the notification's id, the
 * same on every attempt, for the receiver to deduplicate), `webhook-timestamp` (Unix seconds, of
 * this attempt) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under
 * the subscription's secret).
 */
export function signedHeaders(secret: string, id: string, at: Date, payload: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, payload),
  };
}

/**
 * Connections kept open between deliveries (a subscriber's next delivery reuses its connection:
 * no TCP or TLS handshake per notification). A new connection resolves its host again through
 * `guardedLookup`, so every connection's address is checked (SSRF).
 */
const agents = {
  http: new HttpAgent({ keepAlive: true, keepAliveMsecs: 1000, timeout: 30_000 }),
  https: new HttpsAgent({ keepAlive: true, keepAliveMsecs: 1000, timeout: 30_000 }),
};

export type AttemptOutcome = { ok: true; status: number } | { ok: false; error: string };

/**
 * POSTs one signed delivery and reads the answer: 2xx is delivered; any other status, a timeout
 * (`timeoutMs` for the whole exchange), a refused address or a network error is a failure.
 * Redirects are not followed.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  payload: string,
  timeoutMs: number,
  mode: TargetMode,
): Promise<AttemptOutcome> {
  const target = new URL(url);
  // Checked again at each delivery: a stored target the mode no longer allows is not sent to (a
  // host name's addresses are checked as it is resolved, by guardedLookup).
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const refused =
    target.protocol === 'http:' && mode === 'production'
      ? 'http in production'
      : ipaddr.isValid(host)
        ? refusedAddress(host, mode)
        : null;
  if (refused) return Promise.resolve({ ok: false, error: `webhook target refused: ${refused}` });
  return new Promise((resolve) => {
    const https = target.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      target,
      {
        method: 'POST',
        agent: https ? agents.https : agents.http,
        lookup: guardedLookup(mode),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(payload)),
          'user-agent': 'gba-clearance-webhooks/1',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(
            status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status}` },
          );
        });
        res.on('error', (err) => finish({ ok: false, error: err.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: `timeout after ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err) => finish({ ok: false, error: err.message }));
    req.end(payload);
  });
}

/** A run of one subscriber's notifications to push, oldest first. */
export interface DeliveryRun {
  url: string;
  /** The signing secret in clear (`whsec_…`). */
  secret: string;
  notifications: PlatformNotification[];
  /** Per request, ms. */
  timeoutMs: number;
  mode: TargetMode;
  /** Epoch ms: no delivery starts later (it must end within the subscriber's lease). */
  startBy: number;
}

/** What became of a run: the ids answered 2xx, in order, then the first failure if any. */
export interface RunOutcome {
  delivered: string[];
  failure: { id: string; error: string } | null;
}

/**
 * Sends a run one delivery at a time, in order (the next only after the previous answered 2xx),
 * each signed at its attempt, until one fails, `startBy` passes or `stopped()` says so; the rest
 * are left unsent (delivered is then shorter than the run).
 */
export async function sendInOrder(
  run: DeliveryRun,
  stopped: () => boolean = () => false,
): Promise<RunOutcome> {
  const delivered: string[] = [];
  for (const notification of run.notifications) {
    if (stopped() || Date.now() > run.startBy) break;
    const payload = webhookPayload(notification);
    const headers = signedHeaders(run.secret, notification.id, new Date(), payload);
    const outcome = await postWebhook(run.url, headers, payload, run.timeoutMs, run.mode);
    if (!outcome.ok) return { delivered, failure: { id: notification.id, error: outcome.error } };
    delivered.push(notification.id);
  }
  return { delivered, failure: null };
}
