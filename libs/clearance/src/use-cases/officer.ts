import type { Authority } from '@gba/standards';

/** The officer acting (authenticated by the adapter): their id and authority. */
export interface Actor {
  id: string;
  authority: Authority;
}
