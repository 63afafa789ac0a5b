export { containerCheckDigit, containerLetterValue, isValidContainerNumber } from './container-number';
export {
  isValidResidentId,
  localDateNumber,
  residentIdCheckCharacter,
  residentIdFault,
  residentIdFaultOn,
  type ResidentIdFault,
} from './resident-id';
export {
  checkUscc,
  organisationCodeCheckCharacter,
  usccCheckCharacter,
  usccFault,
  type UsccCheck,
  type UsccFault,
} from './uscc';
export { isValidHs6, isValidHsCode, isValidHsPrefix, NATIONAL_CODE_LENGTH } from './hs-code';
export {
  aeoIssuer,
  FOREIGN_ID_COUNTRY,
  FOREIGN_ID_SCHEMES,
  foreignIdFault,
  type ForeignIdScheme,
  isValidBusinessRegistrationNumber,
  japaneseCorporateNumberCheckDigit,
  isValidHkid,
  isValidMacauRegistrationNumber,
  isValidMacauResidentId,
} from './party-ids';
export { isCountryCode, isValidUnLocode } from './places';
