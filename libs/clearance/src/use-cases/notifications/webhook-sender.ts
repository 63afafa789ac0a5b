import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
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
