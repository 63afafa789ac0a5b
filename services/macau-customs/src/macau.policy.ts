import type { AuthorityPolicy } from '@gba/clearance';

/** Macau: a free port; the consumption tax comes from the standard's MO duties. */
export const policy: AuthorityPolicy = { authority: 'MO' };
