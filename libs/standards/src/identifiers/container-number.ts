// ISO 6346 freight container identification: owner code (3 letters, registered with the BIC),
// equipment category identifier (U freight container, J detachable freight container-related
// equipment, Z trailer or chassis: the only three the standard defines; a reefer is a U container),
// serial number (6 digits) and check digit. The spec (domain.md) takes the check digit as
// (Σ mod 11) mod 10, so a remainder of 10 gives 0 (ISO 6346 advises owners against such serials).

const FORMAT = /^[A-Z]{3}[UJZ]\d{7}$/;

/** A=10, B=12 … Z=38: consecutive values skipping the multiples of 11. */
const LETTER_VALUE: readonly number[] = (() => {
  const values: number[] = [];
  let v = 10;
  for (let i = 0; i < 26; i++) {
    if (v % 11 === 0) v++;
    values.push(v++);
  }
  return values;
})();

/** The check digit of the first ten characters: (Σ value × 2^position mod 11) mod 10. */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = first10.charCodeAt(i);
    const value = i < 4 ? LETTER_VALUE[c - 65] : c - 48;
    sum += value << i;
  }
  return (sum % 11) % 10;
}

/** Whether `s` is an ISO 6346 container number with a correct check digit (no spaces, upper case). */
export function isValidContainerNumber(s: string): boolean {
  if (typeof s !== 'string' || !FORMAT.test(s)) return false;
  return containerCheckDigit(s) === s.charCodeAt(10) - 48;
}

/** ISO 6346 letter value, exposed for tests of the check digit's known blind spots. */
export function containerLetterValue(letter: string): number {
  return LETTER_VALUE[letter.charCodeAt(0) - 65];
}
