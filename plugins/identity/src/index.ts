/**
 * The identity plugin (SPEC §3): an employee agent runs as the person who asked, a service agent
 * as its own least-privilege identity with every private action scoped to a verified customer.
 * Includes customer verification by one-time code.
 *
 * @packageDocumentation
 */
export { CustomerVerification, type VerificationFailure, type VerificationResult, type VerificationSuccess } from './CustomerVerification.js';
export { identityModule } from './identityModule.js';
export {
  type CodeNotifier,
  type CustomerDirectory,
  type IdentityOptions,
  type IdentityOptionsInput,
  IdentityOptionsSchema,
} from './IdentityOptions.js';
export { type IdentityResolvedEvent, IdentityPlugin } from './IdentityPlugin.js';
export { PRINCIPAL, type Principal, principalOf } from './Principal.js';
export { VERIFIED_CUSTOMER_ID, verificationActions } from './verificationActions.js';
