// @gba/standards — the common inspection standard of GZ, HK and MO customs: pure, versioned,
// deterministic. Every service calls it; nothing here does I/O.

export * from './types';

// Versioned configuration
export type * from './config/types';
export {
  STANDARDS,
  STANDARD_2024_1,
  STANDARD_2024_2,
  currentStandard,
  standardByVersion,
  standardFor,
} from './config/standards';
export {
  loadPositiveList,
  withPositiveList,
  PositiveListFormatError,
  POSITIVE_LIST_2022_SAMPLE,
  type PositiveListProblem,
} from './config/positive-list';
export { COUNT_UNITS } from './config/code-lists';

// Identifiers
export {
  isValidContainerNumber,
  isValidResidentId,
  checkUscc,
  isValidHsCode,
  isValidHs6,
  aeoIssuer,
  isValidBusinessRegistrationNumber,
  isValidMacauRegistrationNumber,
  containerCheckDigit,
  residentIdCheckCharacter,
  usccCheckCharacter,
  type UsccCheck,
} from './identifiers';

// Declaration
export type * from './declaration/types';
export { validateDeclaration, LIMITS, type DeclarationValidation } from './declaration/validate';
export { participants } from './declaration/participants';

// Assessment
export type * from './assessment/types';
export { assess } from './assessment/assess';
export { aeoRecognised } from './assessment/aeo';
export { selectionDraw } from './assessment/random-selection';

// Duties
export { cbecTax, fullImportTax, type CnImportTax } from './duties/cbec-tax';
export { cbecBuyerKey, isCbecReturnInTime } from './duties/cbec-ledger';
export { hkExcise, hkDeclarationCharge, type LiquorConsignment } from './duties/hk';
export { macauConsumptionTax, type MacauTaxable } from './duties/macau';

// Inspection and decision
export type * from './inspection/types';
export { validateInspectionResult, type InspectionResultValidation } from './inspection/validate-result';
export { planInspection } from './inspection/plan';
export { recognise } from './inspection/recognise';
export { decide, type Decision, type DecisionInput, type ParticipantOutcome } from './decision/decide';
export { declarationStatus, type DeclarationStatus, type ParticipantStatus } from './decision/status';

// Rules
export { RULES, explain, type Rule, type RuleEffect } from './rules';
