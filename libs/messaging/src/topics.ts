import type { AuthorityCode } from '@gba/contracts';

export const AUTHORITIES: readonly AuthorityCode[] = ['GZ', 'HK', 'MO'];

/** Topic names of messaging.md; `prefix` keeps test runs (or tenants of one cluster) apart. */
export function eventsTopic(authority: AuthorityCode, prefix = ''): string {
  return `${prefix}gba.${authority.toLowerCase()}.events.v1`;
}

export function deadLetterTopic(authority: AuthorityCode, prefix = ''): string {
  return `${prefix}gba.${authority.toLowerCase()}.dlq.v1`;
}

/** Dead letters sent back by `dlq replay`; consumed by the authority's own service like a partner topic. */
export function replayTopic(authority: AuthorityCode, prefix = ''): string {
  return `${prefix}gba.${authority.toLowerCase()}.replay.v1`;
}

export function consumerGroupId(authority: AuthorityCode, prefix = ''): string {
  return `${prefix}${authority.toLowerCase()}-clearance`;
}

/** What one authority's service writes and reads. */
export function topicsOf(authority: AuthorityCode, prefix = '') {
  return {
    own: eventsTopic(authority, prefix),
    deadLetter: deadLetterTopic(authority, prefix),
    replay: replayTopic(authority, prefix),
    partners: AUTHORITIES.filter((a) => a !== authority).map((a) => eventsTopic(a, prefix)),
  };
}
