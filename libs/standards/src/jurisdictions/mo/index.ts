// Macao Customs Service (MO): Macau's own law on top of the common standard.
import type { Jurisdiction } from '../jurisdiction';
import { assessMacauConsumptionTax } from './consumption-tax';

/** MO levies the consumption tax on imports. */
export const MO: Jurisdiction = {
  authority: 'MO',
  assess: (f) => {
    if (f.role === 'import') assessMacauConsumptionTax(f);
    return undefined;
  },
};
