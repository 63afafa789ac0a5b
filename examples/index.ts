import declarationHkCn from './declaration-hk-cn.json';

/**
 * The request bodies of examples/, for the OpenAPI documents' examples: the JSON files stay the
 * one source (the README's curl commands send them as they are).
 */

/** declaration-hk-cn.json: a 9610 retail export of face cream from HK to the mainland, valid under the standard. */
export const DECLARATION_HK_CN: unknown = declarationHkCn;
