// HMAC-SHA256 (RFC 2104) of the random-selection draw, computed by node:crypto (OpenSSL).
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** Text keys as node:crypto key objects, made once per key (a service has one or two). */
const keyObjects = new Map<string, KeyObject>();

function keyObject(key: string): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(Buffer.from(key, 'utf8'));
    if (keyObjects.size >= 16) keyObjects.clear();
    keyObjects.set(key, object);
  }
  return object;
}

/** HMAC-SHA256(key, message) as the 32-byte digest; text keys and messages are UTF-8 encoded. */
export function hmacSha256(key: string | Uint8Array, message: string | Uint8Array): Buffer {
  const hmac = createHmac('sha256', typeof key === 'string' ? keyObject(key) : key);
  return (typeof message === 'string' ? hmac.update(message, 'utf8') : hmac.update(message)).digest();
}

/** The first 32 bits of HMAC-SHA256(key, message), big-endian, as an unsigned integer (0 … 2³² − 1). */
export function hmacSha256First32(key: string, message: string): number {
  return hmacSha256(key, message).readUInt32BE(0);
}
