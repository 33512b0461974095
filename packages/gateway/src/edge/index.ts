// Edge authentication of the gateway (SPEC §1: R-EDGE-1..3, R-TOKEN-2). Named re-exports only.
export { createSyntheticCredentials } from './createSyntheticCredentials.js';
export type { SyntheticCredentials, SyntheticCredentialsOptions, SyntheticIdentity } from './createSyntheticCredentials.js';
export { EdgeAlgorithms, EdgeAuthOptionsSchema, PublicJwksSchema, parseEdgeAuthOptions } from './EdgeAuthOptions.js';
export type { EdgeAlgorithm, EdgeAuthOptions, EdgeAuthOptionsInput } from './EdgeAuthOptions.js';
export { EdgeAuthenticationError, EdgeAuthenticationReasons } from './EdgeAuthenticationError.js';
export type { EdgeAuthenticationErrorOptions, EdgeAuthenticationReason } from './EdgeAuthenticationError.js';
export { EdgeAuthenticator } from './EdgeAuthenticator.js';
export type { EdgePrincipal } from './EdgePrincipal.js';
export { ensureDevelopmentIdentity } from './ensureDevelopmentIdentity.js';
export type { DevelopmentIdentity, DevelopmentTokenRequest } from './ensureDevelopmentIdentity.js';
