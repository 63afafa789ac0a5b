// Hong Kong Customs and Excise (HK): Hong Kong's own law on top of the common standard.
import type { Jurisdiction } from '../jurisdiction';
import { assessHkDeclarationCharge } from './declaration-charge';
import { assessHkExcise } from './excise';

/** HK levies excise on imports and the declaration charge on imports and exports (not in transit). */
export const HK: Jurisdiction = {
  authority: 'HK',
  assess: (f) => {
    if (f.role === 'import') assessHkExcise(f);
    if (f.role !== 'transit') assessHkDeclarationCharge(f);
    return undefined;
  },
};
