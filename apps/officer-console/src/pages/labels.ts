import type { TFunction } from 'i18next';
import type { Declaration, Participant } from '../api';

/** A value's label from the `group` of the locale, or the value itself where none exists. */
export const label = (t: TFunction, group: string, value: string): string =>
  t(`${group}.${value}`, { defaultValue: value });

/** The route in participation order (export → transit → import), e.g. "HK → GZ". */
export const routeOf = (d: Declaration): string => d.participants.map((p) => p.authority).join(' → ');

export const participantOf = (d: Declaration, authority: string): Participant | undefined =>
  d.participants.find((p) => p.authority === authority);
