export const STANDARD = 1;
