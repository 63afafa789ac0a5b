// Each authority's own law, by authority: what the common assessment applies besides the standard.
import type { Authority } from '../types';
import { GZ } from './gz';
import { HK } from './hk';
import { MO } from './mo';
import type { Jurisdiction } from './jurisdiction';

export type { Jurisdiction, OwnLawRecord } from './jurisdiction';

export const JURISDICTIONS: Readonly<Record<Authority, Jurisdiction>> = { GZ, HK, MO };
