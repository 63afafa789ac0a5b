// The one interface through which the common assessment applies a territory's own law.
import type { Frame } from '../assessment/frame';
import type { Assessment, AssessmentContext } from '../assessment/types';
import type { Authority } from '../types';

/** What an authority's own law adds to the assessment record besides rules and duties. */
export type OwnLawRecord = Pick<Assessment, 'positiveListEdition' | 'cbecQuotaValueCny'>;

/**
 * One authority's own law on top of the common standard. `assess` runs once per assessment of a
 * declaration the authority takes part in, after the common rules and before random selection:
 * it fires its own rules and adds its own duties on `frame.out` (in its role: import, export or
 * transit), and returns what it records besides (e.g. GZ's positive-list edition), if anything.
 */
export interface Jurisdiction {
  readonly authority: Authority;
  assess(frame: Frame, context: AssessmentContext): OwnLawRecord | undefined;
}
