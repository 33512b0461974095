import { base64url, FlattenedSign, flattenedVerify } from 'jose';
import { z } from 'zod';
import { AccessDeniedError, ConfigurationError } from '../errors/AgentStudioError.js';
import { ChatMessageSchema } from '../schemas/messages.js';
import { UsageSchema } from '../schemas/response.js';

/**
 * The version of the run-state format this runtime writes.
 * @category Runtime
 */
export const RUN_STATE_VERSION = 1;

/**
 * A suspended run: plain JSON, versioned, everything needed to resume at the same tool call.
 * @category Runtime
 */
export const RunStateDataSchema = z.strictObject({
  /** Format version. */
  v: z.literal(RUN_STATE_VERSION),
  /** The run's id. */
  runId: z.string().min(1),
  /** This state's own random id; a state is accepted once (keyed on run id and state id). */
  stateId: z.string().min(1),
  /** When the state stops being resumable (epoch ms). */
  expiresAt: z.number().int(),
  /** The agent. */
  agent: z.string().min(1),
  /** The tenant of the user who asked. */
  tenantId: z.string().min(1),
  /** The user who asked; approved calls run as this user. */
  userId: z.string().min(1),
  /** The session. */
  sessionId: z.string().min(1),
  /** The model turn the run stopped in. */
  turn: z.number().int().min(1),
  /** The conversation so far, up to and including the assistant message with the pending calls. */
  messages: z.array(ChatMessageSchema),
  /** Context variables. */
  variables: z.record(z.string(), z.unknown()),
  /** Successive failures per tool. */
  toolFailures: z.record(z.string(), z.number().int().min(0)),
  /** Per-call usage so far. */
  modelCalls: z.array(
    z.object({
      /** The model turn. */
      turn: z.number().int(),
      /** The model that answered. */
      model: z.string(),
      /** Its usage. */
      usage: UsageSchema,
      /** How long it took. */
      durationMs: z.number(),
    }),
  ),
  /** The calls waiting for a person. */
  pending: z.array(
    z.strictObject({
      /** The suspended call's id. */
      callId: z.string().min(1),
      /** Its action. */
      action: z.string().min(1),
      /** The plugin that suspended it. */
      plugin: z.string(),
      /** What it waits for. */
      approval: z.object({
        /** Confirmation by the user, approval by an approver, or an async call waiting for a worker. */
        kind: z.enum(['confirmation', 'approval', 'async']),
        /** Why. */
        reason: z.string(),
        /** Extra facts. */
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    }),
  ).min(1),
  /** Tool messages of the same batch that already ran, keyed by call id. */
  completed: z.record(z.string(), z.string()),
  /** When the run was suspended (epoch ms). */
  suspendedAt: z.number().int(),
});

/** @category Runtime */
export type RunStateData = z.infer<typeof RunStateDataSchema>;

/**
 * A run state with its signature. Keep it anywhere (a database, the client); the runtime refuses
 * it on resume if a byte of `state` changed.
 * @category Runtime
 */
export interface SignedRunState {
  /** The state. */
  readonly state: RunStateData;
  /** The detached JWS (HS256) over the JSON of `state`. */
  readonly signature: RunStateSignature;
}

/**
 * A detached flattened JWS.
 * @category Runtime
 */
export interface RunStateSignature {
  /** The protected header, base64url. */
  readonly protected: string;
  /** The signature, base64url. */
  readonly signature: string;
}

/**
 * Signs and verifies run states with an HMAC key the runtime holds.
 * @category Runtime
 */
export class RunStateSigner {
  readonly #key: Uint8Array;

  /**
   * @param key - at least 32 random bytes
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key is shorter
   */
  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array) || key.byteLength < 32) {
      throw new ConfigurationError('CONFIG_INVALID', 'The run-state key must be at least 32 random bytes (crypto.randomBytes(32)).');
    }
    this.#key = key;
  }

  /**
   * @param state - the state
   * @returns the state with its signature
   */
  async sign(state: RunStateData): Promise<SignedRunState> {
    const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(state)))
      .setProtectedHeader({ alg: 'HS256', typ: 'agent-studio-run-state' })
      .sign(this.#key);
    return { state, signature: { protected: jws.protected ?? '', signature: jws.signature } };
  }

  /**
   * Verifies a signed state, as received from outside (for example parsed from JSON).
   * @param value - the signed state
   * @returns the verified state
   * @throws {@link AccessDeniedError} `RUN_STATE_INVALID` when the shape, version or signature is wrong
   */
  async verify(value: unknown): Promise<RunStateData> {
    const envelope = value as Partial<SignedRunState> | null;
    if (!envelope || typeof envelope !== 'object' || !envelope.signature || envelope.state === undefined) {
      throw invalid('the value is not a signed run state');
    }
    let json: string;
    try {
      json = JSON.stringify(envelope.state);
    } catch (cause) {
      throw invalid('the state is not JSON', cause);
    }
    try {
      await flattenedVerify(
        { payload: base64url.encode(json), protected: String(envelope.signature.protected), signature: String(envelope.signature.signature) },
        this.#key,
        { algorithms: ['HS256'] },
      );
    } catch (cause) {
      throw invalid('its signature does not match (it was altered, or signed with another key)', cause);
    }
    // parse the very bytes that were verified, never the live object
    const parsed = RunStateDataSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw invalid(`its shape or version is not supported (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }
}

function invalid(reason: string, cause?: unknown): AccessDeniedError {
  return new AccessDeniedError('RUN_STATE_INVALID', `Run state refused: ${reason}.`, cause === undefined ? {} : { cause });
}
