/**
 * Every error code Agent Studio knows, as the keys of an interface so that plugins can add their
 * own codes by declaration merging, exactly as they add services to `ServiceMap`.
 *
 * @example
 * ```ts
 * declare module '@agent-studio/core' {
 *   interface ErrorCodes { SHARING_RULE_DENIED: true }
 * }
 * ```
 * @category Errors
 */
export interface ErrorCodes {
  // Configuration (the developer)
  /** A plugin names a dependency that is not loaded, or that has a lower priority. */
  PLUGIN_DEPENDENCY_MISSING: true;
  /** Two plugins share one name. */
  PLUGIN_DUPLICATE: true;
  /** A plugin's `dependsOn` would make it run before the plugin it depends on. */
  PLUGIN_ORDER_CONFLICT: true;
  /** A plugin's manifest is malformed. */
  PLUGIN_MANIFEST_INVALID: true;
  /** A plugin's `coreRange` does not include this version of the core. */
  CORE_VERSION_MISMATCH: true;
  /** An action's input or output schema cannot be used. */
  ACTION_SCHEMA_INVALID: true;
  /** An action breaks one or more of the registration rules (SPEC §12). */
  ACTION_LINT_FAILED: true;
  /** Two actions share one name. */
  ACTION_DUPLICATE: true;
  /** An agent definition is malformed or refers to something that does not exist. */
  AGENT_DEFINITION_INVALID: true;
  /** No agent with that name is registered. */
  AGENT_NOT_FOUND: true;
  /** The runtime or a client was configured with invalid options. */
  CONFIG_INVALID: true;
  // Access (the caller)
  /** The request context token is missing, forged, expired or does not match the request. */
  ACCESS_CONTEXT_INVALID: true;
  /** A saved run state was altered, or signed with another key, or has an unknown version. */
  RUN_STATE_INVALID: true;
  /** The run cannot be resumed in its present status or by this caller. */
  RUN_STATE_CONFLICT: true;
  // Policy (a plugin's decision)
  /** A plugin blocked the model call or the tool call. */
  POLICY_BLOCKED: true;
  /** A user or approver rejected a pending action. */
  USER_REJECTED_ACTION: true;
  // Model behaviour
  /** The model's response did not match the chat-completions schema. */
  MODEL_RESPONSE_INVALID: true;
  /** The model called a tool that this agent does not offer. */
  UNKNOWN_ACTION: true;
  /** The model's tool arguments are not valid JSON or do not match the action's input schema. */
  TOOL_ARGS_INVALID: true;
  /** The run used more model turns than the agent allows. */
  MAX_TURNS_EXCEEDED: true;
  /** A tool failed more times in a row than the agent allows. */
  TOOL_RETRY_LIMIT: true;
  // Action code
  /** An action threw. */
  ACTION_FAILED: true;
  /** An action ran longer than its timeout. */
  ACTION_TIMEOUT: true;
  /** An action's result did not match its declared output schema. */
  ACTION_OUTPUT_INVALID: true;
  // Provider
  /** The model endpoint answered with an HTTP error. */
  MODEL_HTTP_ERROR: true;
  /** The model endpoint did not answer in time. */
  MODEL_TIMEOUT: true;
  /** The model endpoint could not be reached. */
  MODEL_NETWORK_ERROR: true;
  /** The model endpoint refused the call for rate reasons (HTTP 429). */
  RATE_LIMITED: true;
  /** A scripted model was asked for more responses than its script holds. */
  MODEL_SCRIPT_EXHAUSTED: true;
  // Plugins
  /** A hook threw. */
  PLUGIN_HOOK_FAILED: true;
  /** A hook returned something that is not a decision. */
  PLUGIN_DECISION_INVALID: true;
  // Stores
  /** A store compare-and-set found another state than expected. */
  STORE_CONFLICT: true;
  /** The record is not in the store. */
  STORE_NOT_FOUND: true;
  // Wire
  /** A payload that crossed a boundary did not match its schema. */
  SCHEMA_INVALID: true;
  // Us
  /** An internal invariant broke: a bug in Agent Studio. */
  INTERNAL_INVARIANT: true;
}

/**
 * A known error code.
 * @category Errors
 */
export type ErrorCode = keyof ErrorCodes & string;
