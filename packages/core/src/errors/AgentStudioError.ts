import type { ErrorCode } from './ErrorCodes.js';

const BRAND = Symbol.for('agent-studio.error');

/**
 * Options every Agent Studio error accepts.
 * @category Errors
 */
export interface AgentStudioErrorOptions {
  /** The error this one wraps. */
  readonly cause?: unknown;
  /** Structured facts about the failure (ids, names, paths), never prompt or response text. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Whether repeating the same call may succeed. */
  readonly retryable?: boolean;
}

/**
 * The base of every error Agent Studio throws. Check it with {@link AgentStudioError.is} or
 * {@link AgentStudioError.hasCode} rather than `instanceof`, so the check survives two copies of
 * the package in one process.
 *
 * @example
 * ```ts
 * try { await runtime.run(request); }
 * catch (e) { if (AgentStudioError.hasCode(e, 'ACCESS_CONTEXT_INVALID')) reply(401); }
 * ```
 * @category Errors
 */
export class AgentStudioError extends Error {
  /** The machine-readable code. */
  readonly code: ErrorCode;
  /** Whether repeating the same call may succeed. */
  readonly retryable: boolean;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** @internal */
  readonly [BRAND] = true;

  /**
   * @param code - the machine-readable code
   * @param message - what happened, why, and how to fix it
   * @param options - cause, details and retryability
   */
  constructor(code: ErrorCode, message: string, options: AgentStudioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  /**
   * Whether a value is an Agent Studio error, from any copy of the package.
   * @param value - anything caught
   * @returns true when the value carries the Agent Studio brand
   */
  static is(value: unknown): value is AgentStudioError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /**
   * Whether a value is an Agent Studio error with the given code.
   * @param value - anything caught
   * @param code - the code to look for
   * @returns true when the value is an Agent Studio error with that code
   */
  static hasCode(value: unknown, code: ErrorCode): value is AgentStudioError {
    return AgentStudioError.is(value) && value.code === code;
  }

  /**
   * A JSON form for the audit trail: name, code, message, details and retryability; no stack.
   * @returns a plain object
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/**
 * The developer's mistake, found at startup: a bad manifest, a broken action, a bad option.
 * @category Errors
 */
export class ConfigurationError extends AgentStudioError {}

/**
 * The caller's credential or request context is missing or not valid.
 * @category Errors
 */
export class AccessDeniedError extends AgentStudioError {}

/**
 * A plugin decided against the call.
 * @category Errors
 */
export class PolicyViolationError extends AgentStudioError {}

/**
 * The model produced something that cannot be used.
 * @category Errors
 */
export class ModelBehaviorError extends AgentStudioError {}

/**
 * An action's own code failed.
 * @category Errors
 */
export class ActionExecutionError extends AgentStudioError {}

/**
 * The model endpoint or the transport failed.
 * @category Errors
 */
export class ProviderError extends AgentStudioError {}

/**
 * A plugin hook crashed.
 * @category Errors
 */
export class PluginFailureError extends AgentStudioError {}

/**
 * A payload that crossed a boundary did not match its schema.
 * @category Errors
 */
export class SchemaValidationError extends AgentStudioError {}

/**
 * A store refused an operation (a lost compare-and-set, a missing record).
 * @category Errors
 */
export class StoreError extends AgentStudioError {}

/**
 * A bug in Agent Studio. Please report it with the message and details.
 * @category Errors
 */
export class InternalError extends AgentStudioError {}
