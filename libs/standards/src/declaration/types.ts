// The declaration body of api.md, as it stands once validated against the data standard.
// Field names are the public contract. Money stays a decimal string, as the platform sent it.
import type { Authority, Territory } from '../types';
import type { TransportMode } from '../config/types';
import type { ForeignIdScheme } from '../identifiers/party-ids';

export type { ForeignIdScheme };

export type IdType = 'RESIDENT_ID' | 'HKID' | 'MO_ID' | 'PASSPORT';

export interface Aeo {
  /** Mainland `AEOCN` + 10 digits, HK 15 digits, Macau `AEOMO` + 10 digits. */
  code: string;
}

/** An identifier issued outside CN, HK and MO (formats: foreignIdFault of identifiers/party-ids). */
export interface ForeignId {
  scheme: ForeignIdScheme;
  value: string;
}

/**
 * Consignor or consignee. A party of CN, HK or MO is identified by a company identifier (uscc,
 * businessRegistrationNumber, registrationNumber) or as a person (idType + idNumber). A party of any
 * other country is identified by name, country and address (required), optionally with a
 * foreignId; it may carry the others too.
 */
export interface Party {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  uscc?: string;
  businessRegistrationNumber?: string;
  registrationNumber?: string;
  idType?: IdType;
  idNumber?: string;
  /** Required for a party outside CN, HK and MO. */
  address?: string;
  /** Only for a party outside CN, HK and MO. */
  foreignId?: ForeignId;
  aeo?: Aeo;
}

export interface Route {
  origin: string;
  destination: string;
  /** In route order; [] when direct. */
  transit: string[];
}

export interface GoodsItem {
  line: number;
  /** Common HS-6. */
  hsCode: string;
  /** National code of every participating authority (GZ 10 digits, HK and MO 8), starting with hsCode. */
  tariffCodes: Partial<Record<Authority, string>>;
  description: string;
  quantity: number;
  /** UN/ECE Recommendation 20 unit code. */
  unit: string;
  /** Decimal string, up to 4 decimal places. */
  unitValue: string;
  /** ISO 4217, one of the currencies the standard quotes. */
  currency: string;
  originCountry: string;
  grossMassKg: number;
  netMassKg: number;
  /** % vol; required for liquor (HS 2203–2208). */
  alcoholPercent?: number;
  /** Total litres of the line; required for liquor unless the unit is LTR or MLT. */
  volumeLitres?: number;
}

export interface ELock {
  lockId: string;
  sealNumber: string;
}

export interface Transport {
  mode: TransportMode;
  conveyanceRef: string;
  transportDocument: string;
  /** ISO 6346; [] when not containerised. */
  containerNumbers: string[];
  eLock?: ELock;
}

export interface EcommerceOrder {
  orderNo: string;
  amountPaid: string;
  /** Defaults to "0.00". */
  freight: string;
  /** Defaults to "0.00". */
  taxWithheld: string;
  /** Defaults to "0.00". */
  discount: string;
  /** Defaults to "0.00". */
  insurance: string;
  currency: string;
  buyerName: string;
  buyerIdNumber: string;
  /** The platform authenticated the buyer: the payer may then be someone else. Defaults to false. */
  buyerAuthenticated: boolean;
}

export interface EcommercePayment {
  paymentNo: string;
  orderNo: string;
  amount: string;
  currency: string;
  payerName: string;
  payerIdNumber: string;
}

export interface EcommerceWaybill {
  waybillNo: string;
  orderNo: string;
}

/** The three documents of cross-border e-commerce retail (三单). */
export interface Ecommerce {
  order: EcommerceOrder;
  payment: EcommercePayment;
  waybill: EcommerceWaybill;
}

export interface Permit {
  type: string;
  number: string;
}

export interface Declaration {
  platformRef: string;
  /** Mainland supervision mode: 0110, 9610, 1210, 1239, 9710, 9810. */
  tradeMode: string;
  route: Route;
  consignor: Party;
  consignee: Party;
  items: GoodsItem[];
  transport: Transport;
  /** Present exactly for e-commerce retail trade modes. */
  ecommerce?: Ecommerce;
  /** [] when none. */
  permits: Permit[];
}

export interface Participant {
  authority: Authority;
  role: 'export' | 'transit' | 'import';
}

export type { Territory };
