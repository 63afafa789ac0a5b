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
  isValidHkid,
  isValidMacauResidentId,
  FOREIGN_ID_SCHEMES,
  foreignIdFault,
  japaneseCorporateNumberCheckDigit,
  isValidHsPrefix,
  isCountryCode,
  isValidUnLocode,
  containerCheckDigit,
  residentIdCheckCharacter,
  residentIdFault,
  usccCheckCharacter,
  usccFault,
  organisationCodeCheckCharacter,
  type ResidentIdFault,
  type UsccCheck,
  type UsccFault,
} from './identifiers';
export { minorUnits, fitsMinorUnits } from './money/minor-units';

// Declaration
export type * from './declaration/types';
export { validateDeclaration, LIMITS, type DeclarationValidation } from './declaration/validate';
export { participants, partyIdentifiers } from './declaration/participants';

// Assessment
export type * from './assessment/types';
export { assess } from './assessment/assess';
export { aeoRecognised } from './assessment/aeo';
export { selectionDraw } from './assessment/random-selection';

// Each territory's own law (jurisdictions/): GZ's CBEC tax and ledger, HK's excise and
// declaration charge, Macau's consumption tax
export { cbecTax, fullImportTax, type CnImportTax } from './jurisdictions/gz/cbec-tax';
export { cbecBuyerKey, cbecQuotaYear, isCbecReturnInTime } from './jurisdictions/gz/cbec-ledger';
export { hkExcise, type LiquorConsignment } from './jurisdictions/hk/excise';
export { hkDeclarationCharge } from './jurisdictions/hk/declaration-charge';
export { macauConsumptionTax, type MacauTaxable } from './jurisdictions/mo/consumption-tax';

// Inspection and decision
export type * from './inspection/types';
export { validateInspectionResult, type InspectionResultValidation } from './inspection/validate-result';
export { inspectionPlaces, isInspectionPlace, LOCODE_UNKNOWN } from './inspection/place';
export { planInspection } from './inspection/plan';
export { recognise } from './inspection/recognise';
export { decide, type Decision, type DecisionInput, type ParticipantOutcome } from './decision/decide';
export { declarationStatus, type DeclarationStatus, type ParticipantStatus } from './decision/status';

// Rules
export { RULES, explain, type Rule, type RuleEffect } from './rules';

// Time: the one strict RFC 3339 reader of every time that enters (section 5.6)
export {
  parseRfc3339,
  readDateTime,
  readFullDate,
  TIME_PROBLEM_DETAIL,
  type TimeProblem,
  type DateTimeRead,
  type FullDateRead,
} from './time';
export { pointerToken } from './validation/problems';
