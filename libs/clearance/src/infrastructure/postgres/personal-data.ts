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
    return JSON.stringify(this.mapIds(JSON.parse(declarationJson), (v) => this.encrypt(v)));
  }

  open<T>(stored: T): T {
    return this.mapIds(stored, (v) => this.decrypt(v));
  }

  private mapIds<T>(declaration: T, map: (value: string) => string): T {
    const d = structuredClone(declaration) as {
      consignor?: { idNumber?: string };
      consignee?: { idNumber?: string };
      ecommerce?: { order?: { buyerIdNumber?: string }; payment?: { payerIdNumber?: string } };
    };
    for (const party of [d.consignor, d.consignee]) {
      if (typeof party?.idNumber === 'string') party.idNumber = map(party.idNumber);
    }
    const order = d.ecommerce?.order;
    if (typeof order?.buyerIdNumber === 'string') order.buyerIdNumber = map(order.buyerIdNumber);
    const payment = d.ecommerce?.payment;
    if (typeof payment?.payerIdNumber === 'string') payment.payerIdNumber = map(payment.payerIdNumber);
    return d as T;
  }
}
