/**
 * Options of the runtime itself.
 * @category Runtime
 */
export interface RuntimeOptions {
  /** The HMAC key (at least 32 random bytes) that signs suspended run states. */
  readonly stateKey: Uint8Array;
}
