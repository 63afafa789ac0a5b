import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Sealed under the key of {@link personalDataKeys} (HKDF). */
const PREFIX = 'enc:v2:';
/** Sealed under the former key, SHA-256 of a label and PII_KEY: read, never written. */
const LEGACY_PREFIX = 'enc:v1:';

/**
 * The two keys of personal data, 32 bytes each, derived from PII_KEY with HKDF-SHA256 (RFC 5869;
 * node:crypto `hkdfSync`), one `info` label per purpose so that neither key says anything about
 * the other: `sealing` encrypts ID numbers at rest (AES-256-GCM), `hashing` keys the HMAC-SHA256
 * that stands in for an identifier where only equality matters (known consignors, GZ's CBEC ledger).
 */
export function personalDataKeys(secret: string): { sealing: Buffer; hashing: Buffer } {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'gba-joint-clearance personal data', info, 32));
  return {
    sealing: derive('aes-256-gcm sealing of ID numbers v2'),
    hashing: derive('hmac-sha256 keyed hash of identifiers v2'),
  };
}

/** HMAC-SHA256 of an identifier in upper case (a resident ID's `x` and `X` are one), 64 hex digits. */
function hmacHex(key: string | Buffer, value: string): string {
  return createHmac('sha256', key).update(value.toUpperCase()).digest('hex');
}

/**
 * The keyed hash as stored before the keys were derived with HKDF: HMAC-SHA256 keyed with PII_KEY
 * itself. Only `keys reseal` uses it, to find the rows it replaces.
 */
export function legacyKeyedHash(secret: string, value: string): string {
  return hmacHex(secret, value);
}

/**
 * Personal identifiers at rest: ID numbers in stored declarations are encrypted (AES-256-GCM
 * under the `sealing` key of {@link personalDataKeys}, `enc:v2:` + base64url of IV, tag and
 * ciphertext); where only equality matters, a keyed hash under the `hashing` key stands in for
 * them. Values sealed under the former key (`enc:v1:`) are still opened, until `keys reseal`
 * (also run by `migrate`) has re-sealed them.
 */
export class PersonalData {
  private readonly keys: { sealing: Buffer; hashing: Buffer };
  private readonly legacyKey: Buffer;

  constructor(secret: string) {
    this.keys = personalDataKeys(secret);
    this.legacyKey = createHash('sha256').update(`gba-declaration-pii\n${secret}`).digest();
  }

  /** Equality without the value: the same ID always gives the same token, unguessable without PII_KEY. */
  keyedHash(value: string): string {
    return hmacHex(this.keys.hashing, value);
  }

  encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.sealing, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
  }

  /** The value of a sealed one (either key); a value that is not sealed is returned as it is. */
  decrypt(sealed: string): string {
    const prefix = sealed.startsWith(PREFIX)
      ? PREFIX
      : sealed.startsWith(LEGACY_PREFIX)
        ? LEGACY_PREFIX
        : null;
    if (!prefix) return sealed;
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
    const key = prefix === PREFIX ? this.keys.sealing : this.legacyKey;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Whether every ID number of this stored declaration is sealed under the current key. */
  sealedUnderCurrentKey(stored: object | null): boolean {
    let current = true;
    this.mapIds(stored, (v) => {
      current &&= v.startsWith(PREFIX);
      return v;
    });
    return current;
  }

  /** The ID numbers of a person in this declaration, as they are in it (sealed or not). */
  idNumbers(declaration: object | null): string[] {
    const found: string[] = [];
    this.mapIds(declaration, (v) => {
      found.push(v);
      return v;
    });
    return found;
  }

  /** The declaration JSON as stored: every ID number of a person encrypted. */
  seal(declarationJson: string): string {
    return this.sealed(JSON.parse(declarationJson));
  }

  /** {@link seal} of a declaration object (left unchanged): the stored JSON, ID numbers encrypted. */
  sealed(declaration: object | null): string {
    return JSON.stringify(this.mapIds(declaration, (v) => this.encrypt(v)));
  }

  open<T>(stored: T): T {
    return this.mapIds(stored, (v) => this.decrypt(v));
  }

  /**
   * A copy of the declaration with `map` applied to every ID number of a person. Only the objects
   * on the way to an ID number are copied (the rest is shared with the input, which is never
   * changed): a deep clone per declaration cost more than the encryption.
   */
  private mapIds<T>(declaration: T, map: (value: string) => string): T {
    type Party = { idNumber?: unknown };
    type Shape = {
      consignor?: Party;
      consignee?: Party;
      ecommerce?: { order?: { buyerIdNumber?: unknown }; payment?: { payerIdNumber?: unknown } };
    };
    if (declaration === null || typeof declaration !== 'object') return declaration;
    const d = { ...(declaration as Shape) };
    for (const role of ['consignor', 'consignee'] as const) {
      const party = d[role];
      if (typeof party?.idNumber === 'string') d[role] = { ...party, idNumber: map(party.idNumber) };
    }
    const ecommerce = d.ecommerce;
    if (ecommerce) {
      const { order, payment } = ecommerce;
      const copy = { ...ecommerce };
      if (typeof order?.buyerIdNumber === 'string')
        copy.order = { ...order, buyerIdNumber: map(order.buyerIdNumber) };
      if (typeof payment?.payerIdNumber === 'string')
        copy.payment = { ...payment, payerIdNumber: map(payment.payerIdNumber) };
      d.ecommerce = copy;
    }
    return d as T;
  }
}
