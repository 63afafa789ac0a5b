import type { AuthorityPolicy } from '@gba/clearance';

/** Hong Kong: a free port; excise on liquor and the declaration charge come from the standard's HK duties. */
export const policy: AuthorityPolicy = { authority: 'HK' };
