import type { RunStateStore } from '../stores/RunStateStore.js';
import type { TokenReplayGuard } from '../stores/TokenReplayGuard.js';

/**
 * Options of the runtime itself.
 * @category Runtime
 */
export interface RuntimeOptions {
  /** The HMAC key (at least 32 random bytes) that signs suspended run states. */
  readonly stateKey: Uint8Array;
  /** How long a suspended state can be resumed, in milliseconds (default 24 h, R-HITL-14). */
  readonly stateTtlMs?: number;
  /** How long one plugin hook may take before it counts as failed, in milliseconds (default 10 s). */
  readonly hookTimeoutMs?: number;
  /**
   * Where suspended states are kept (R-HITL-6). When set, the runtime saves the signed state of
   * every suspended run under its run id, and removes it once a resumed run ends without
   * suspending again, so an approval can resume the run from another process or after a restart.
   */
  readonly runStates?: RunStateStore;
  /**
   * Spends each AccessContext token id once (R-TOKEN-3). Default: in this process only; give
   * several runtime instances one shared guard (Redis) so a token spent on one is refused on all.
   */
  readonly replayGuard?: TokenReplayGuard;
}
