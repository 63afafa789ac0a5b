/** Injection tokens of the runtime module. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const KAFKA = Symbol('KAFKA');
