export { containerCheckDigit, containerLetterValue, isValidContainerNumber } from './container-number';
export { isValidResidentId, residentIdCheckCharacter } from './resident-id';
export { checkUscc, usccCheckCharacter, type UsccCheck } from './uscc';
export { isValidHs6, isValidHsCode, NATIONAL_CODE_LENGTH } from './hs-code';
export { aeoIssuer, isValidBusinessRegistrationNumber, isValidMacauRegistrationNumber } from './party-ids';
