// Guangzhou Customs (GZ): the mainland's own law on top of the common standard.
import type { Jurisdiction } from '../jurisdiction';
import { assessCbecRetailImport } from './cbec-retail-import';

/** GZ assesses cross-border e-commerce retail imports into the mainland (limits, positive list, tax). */
export const GZ: Jurisdiction = {
  authority: 'GZ',
  assess: (f, context) => assessCbecRetailImport(f, context),
};
