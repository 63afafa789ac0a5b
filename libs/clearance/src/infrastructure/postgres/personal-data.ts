import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * Personal identifiers at rest: ID numbers in stored declarations are encrypted (AES-256-GCM,
 * key derived from PII_KEY); where only equality matters, a keyed hash stands in for them.
 */
export class PersonalData {
  private readonly key: Buffer;

  constructor(private readonly secret: string) {
    this.key = createHash('sha256').update(`gba-declaration-pii\n${secret}`).digest();
  }

  /** Equality without the value: the same ID always gives the same token, unguessable without PII_KEY. */
  keyedHash(value: string): string {
    return createHmac('sha256', this.secret).update(value.toUpperCase()).digest('hex');
  }

  encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) return sealed;
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
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
