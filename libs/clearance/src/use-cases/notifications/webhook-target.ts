import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import type { FieldError } from '@gba/runtime';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (node's `dns.lookup` with `all`). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

const lookupAll = promisify(dnsLookup);
export const resolveAll: Resolve = (host) => lookupAll(host, { all: true, verbatim: true });

/** Where webhooks may go: `production` refuses anything but public unicast over https. */
export type TargetMode = 'production' | 'development';

/**
 * The range of an address as ipaddr.js names it (`unicast` for public addresses; `private`,
 * `loopback`, `linkLocal`, `uniqueLocal`, `carrierGradeNat`, `unspecified`, … otherwise), with an
 * IPv4-mapped IPv6 address judged as the IPv4 address it carries.
 */
export function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  return ipaddr.process(address).range();
}

/**
 * Why `address` may not be connected to for a webhook, or null when it may: in production only
 * public unicast addresses (no private, loopback, link-local, unique-local, CGNAT, multicast,
 * reserved … range: SSRF); in development also loopback.
 */
export function refusedAddress(address: string, mode: TargetMode): string | null {
  const range = rangeOf(address);
  if (range === 'unicast') return null;
  if (mode === 'development' && range === 'loopback') return null;
  return `${address} is a ${range} address`;
}

const MAX_URL = 2048;

/**
 * Checks a subscription's URL before it is stored: an absolute URL without credentials; in
 * production https whose host resolves only to public addresses; in development also http to
 * loopback. Every resolved address is checked (a name with one private address is refused).
 * Delivery checks the address it connects to again (`guardedLookup`), against DNS rebinding.
 *
 * @returns field errors at `/url` (empty when the target is allowed).
 */
export async function checkWebhookTarget(
  raw: string,
  mode: TargetMode,
  resolve: Resolve = resolveAll,
): Promise<FieldError[]> {
  const refuse = (code: string, detail: string): FieldError[] => [{ pointer: '/url', code, detail }];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('URL_INVALID', 'An absolute https URL.');
  }
  if (raw.length > MAX_URL) return refuse('URL_INVALID', `At most ${MAX_URL} characters.`);
  if (url.username || url.password) return refuse('URL_INVALID', 'No credentials in the URL.');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('URL_INVALID', 'An https URL.');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await resolve(host)).map((a) => a.address);
  } catch {
    return refuse('URL_UNRESOLVABLE', `The host ${host} does not resolve.`);
  }
  if (addresses.length === 0) return refuse('URL_UNRESOLVABLE', `The host ${host} does not resolve.`);
  if (url.protocol === 'http:') {
    if (mode === 'production') return refuse('URL_NOT_HTTPS', 'Webhooks are sent over https only.');
    if (addresses.some((a) => rangeOf(a) !== 'loopback')) {
      return refuse('URL_NOT_HTTPS', 'http is allowed only to a loopback address, in development.');
    }
    return [];
  }
  const refused = addresses.map((a) => refusedAddress(a, mode)).find((r) => r !== null);
  if (refused) return refuse('URL_PRIVATE', `Not a public address: ${refused}.`);
  return [];
}

/**
 * A `lookup` for node's http(s) requests that refuses to connect to an address `refusedAddress`
 * refuses: the address actually connected to is checked, not only the one seen at subscription.
 */
export function guardedLookup(mode: TargetMode): typeof dnsLookup {
  return ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const refused = addresses.map((a) => refusedAddress(a.address, mode)).find((r) => r !== null);
      if (refused) return callback(new Error(`webhook target refused: ${refused}`));
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`webhook target ${hostname} does not resolve`));
      return callback(null, first.address, first.family);
    });
  }) as typeof dnsLookup;
}
