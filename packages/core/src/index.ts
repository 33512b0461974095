/**
 * Agent Studio core: the runtime that runs an agent's model loop and puts every model call and
 * tool call through enforcement plugins; the plugin contract; actions with their classification
 * lint; the OpenAI-compatible wire schemas; AccessContext tokens; events; DI; errors; stores.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

export type { AccessContext, AccessGrant, Surface } from './access/AccessContext.js';
export { AccessContextSchema } from './access/AccessContext.js';
export { AccessContextIssuer, type AccessContextIssuerOptions } from './access/AccessContextIssuer.js';
export { AccessContextVerifier, type AccessContextVerifierOptions, type AccessExpectation } from './access/AccessContextVerifier.js';
export { createLocalAccessAuthority, type LocalAccessAuthority } from './access/createLocalAccessAuthority.js';
export { type AccessAnswer, type AccessOperation, AccessOperationSchema, type AccessPolicy, type AccessQuestion } from './access/AccessPolicy.js';
export { type Permission, PermissionSchema, RoleAccessPolicy, type RoleGrants, RoleGrantsSchema } from './access/RoleAccessPolicy.js';

export { Action, actionsOf } from './actions/Action.js';
export type {
  ActionAudience,
  ActionConfig,
  ActionContext,
  ActionContextExtensions,
  ActionDefinition,
  ActionEffect,
  ActionHandler,
  ActionVisibility,
  WritesObject,
} from './actions/ActionConfig.js';
export type { ActionContextProvider, ActionContextProviderInput } from './actions/ActionContextProvider.js';
export type { ActionDescriptor, ContextBinding } from './actions/ActionDescriptor.js';
export { ActionRegistry } from './actions/ActionRegistry.js';
export { defineAction } from './actions/defineAction.js';
export {
  actionFieldRegistry,
  contextInput,
  field,
  type InputFieldMeta,
  type NestedField,
  nestedFields,
  RESTRICTED_KINDS,
  readFieldMeta,
  type SemanticKind,
} from './actions/inputField.js';
export { formatLintProblems, type LintProblem, lintAction } from './actions/lintAction.js';

export { ToolCallScheduler } from './concurrency/ToolCallScheduler.js';

export { type AgentStudioContainer, type ContainerOptions, coreModule, createContainer } from './di/createContainer.js';
export { $inject, $multiInject } from './di/inject.js';
export type { ServiceMap } from './di/ServiceMap.js';

export {
  AccessDeniedError,
  ActionExecutionError,
  AgentStudioError,
  type AgentStudioErrorOptions,
  ConfigurationError,
  InternalError,
  ModelBehaviorError,
  PluginFailureError,
  PolicyViolationError,
  ProviderError,
  SchemaValidationError,
  StoreError,
} from './errors/AgentStudioError.js';
export type { ErrorCode, ErrorCodes } from './errors/ErrorCodes.js';
export { isAbortError, toAgentStudioError } from './errors/toAgentStudioError.js';

export {
  type DecisionRecordedEvent,
  type HookDecisionEvent,
  type ModelRequestedEvent,
  type ModelRespondedEvent,
  type RunEventBase,
  type RunFinishedEvent,
  type RunStartedEvent,
  type ResumeDecisionSummary,
  type RuntimeEventMap,
  RuntimeEvents,
  type ToolCallSummary,
  type ToolFinishedEvent,
  type ToolStartedEvent,
} from './events/RuntimeEvents.js';

export { BoundedMap } from './plugin/BoundedMap.js';
export { type AgentHooks, type AgentPlugin, definePlugin, type MaybePromise, type PluginSetupApi } from './plugin/AgentPlugin.js';
export { ContextBag, type ContextKey, createContextKey } from './plugin/ContextBag.js';
export type {
  ModelCallContext,
  ModelHints,
  ModelResultContext,
  ResumeDecision,
  RunContext,
  ToolCallContext,
  ToolResultContext,
} from './plugin/HookContexts.js';
export {
  type ApprovalRequest,
  type BlockDecision,
  type ContinueDecision,
  decide,
  type HookDecision,
  type ReplaceDecision,
  type SuspendDecision,
} from './plugin/HookDecision.js';
export {
  type HookName,
  HookPipeline,
  type PipelineBlocked,
  type PipelineContinued,
  type PipelineOutcome,
  type PipelineSuspended,
} from './plugin/HookPipeline.js';
export { type PluginManifest, PluginPriority } from './plugin/PluginManifest.js';
export { assertKnownAgents } from './plugin/assertKnownAgents.js';
export { validatePlugins } from './plugin/validatePlugins.js';

export { type ActionFailure, type ActionResult, type ActionSuccess, toOutcomeEnvelope } from './runtime/ActionResult.js';
export { type AgentApp, defineAgentApp } from './runtime/AgentApp.js';
export {
  type AgentDefinition,
  type AgentDefinitionInput,
  AgentDefinitionSchema,
  type AgentLimits,
  AgentLimitsSchema,
  type Capability,
  CapabilitySchema,
  defineAgent,
  type HitlMode,
  HitlModeSchema,
} from './runtime/AgentDefinition.js';
export { AgentRuntime, type CallDecision, type ResumeRequest, type RunRequest } from './runtime/AgentRuntime.js';
export { type Logger, silentLogger } from './runtime/Logger.js';
export type { ModelCallOptions, ModelClient } from './runtime/ModelClient.js';
export type { AsyncWork, BlockInfo, ModelCallRecord, PendingApproval, RunResult, RunStatus } from './runtime/RunResult.js';
export {
  RUN_STATE_VERSION,
  type RunStateData,
  RunStateDataSchema,
  type RunStateSignature,
  RunStateSigner,
  type SignedRunState,
} from './runtime/RunState.js';
export type { RuntimeOptions } from './runtime/RuntimeOptions.js';

export { type ChatCompletionChunk, ChatCompletionChunkSchema, type ToolCallDelta, ToolCallDeltaSchema } from './schemas/chunk.js';
export { type ErrorBody, ErrorBodySchema } from './schemas/errorBody.js';
export {
  type AssistantMessage,
  AssistantMessageSchema,
  type AudioContentPart,
  AudioContentPartSchema,
  type ChatMessage,
  ChatMessageSchema,
  type DeveloperMessage,
  DeveloperMessageSchema,
  type FileContentPart,
  FileContentPartSchema,
  type FunctionMessage,
  FunctionMessageSchema,
  type ImageContentPart,
  ImageContentPartSchema,
  type RefusalContentPart,
  RefusalContentPartSchema,
  type SystemMessage,
  SystemMessageSchema,
  type TextContentPart,
  TextContentPartSchema,
  type ToolCall,
  ToolCallSchema,
  type ToolMessage,
  ToolMessageSchema,
  type UserMessage,
  UserMessageSchema,
} from './schemas/messages.js';
export { formatIssuePath, parseWire } from './schemas/parseWire.js';
export {
  type ChatCompletionRequest,
  ChatCompletionRequestSchema,
  type ResponseFormat,
  ResponseFormatSchema,
  type ToolChoice,
  ToolChoiceSchema,
  type ToolDefinition,
  ToolDefinitionSchema,
} from './schemas/request.js';
export {
  type ChatCompletionResponse,
  ChatCompletionResponseSchema,
  type Choice,
  ChoiceSchema,
  type FinishReason,
  FinishReasonSchema,
  type ResponseMessage,
  ResponseMessageSchema,
  type Usage,
  UsageSchema,
} from './schemas/response.js';

export {
  isPendingActionTransitionAllowed,
  isTerminalPendingActionStatus,
  MemoryPendingActionStore,
  MemoryRateLimiter,
  type MemoryRateLimiterOptions,
  type ConcurrencyDecision,
  type ConcurrencyLimiter,
  type ConcurrencyRule,
  ConcurrencyRuleSchema,
  MemoryConcurrencyLimiter,
  type MemoryConcurrencyLimiterOptions,
  MemoryTokenReplayGuard,
  type MemoryTokenReplayGuardOptions,
  TOKEN_REPLAY_MARGIN_MS,
  type TokenReplayGuard,
  MemoryRunStateStore,
  MemorySessionStore,
  type MemorySessionStoreOptions,
  MemoryTraceStore,
  type NewPendingAction,
  NewPendingActionSchema,
  type NewSession,
  NewSessionSchema,
  type NewTraceStep,
  NewTraceStepSchema,
  type PendingAction,
  type PendingActionKind,
  type PendingActionPatch,
  PendingActionPatchSchema,
  type PendingActionQuery,
  PendingActionQuerySchema,
  PendingActionSchema,
  PendingActionStatus,
  type PendingActionStore,
  PendingActionTransitions,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
  RateLimitRuleSchema,
  type RunStateSaveOptions,
  type RunStateStore,
  type Session,
  type SessionActivity,
  SessionActivitySchema,
  type SessionLifetime,
  SessionLifetimeSchema,
  SessionSchema,
  type SessionStore,
  type TraceRunQuery,
  TraceRunQuerySchema,
  type TraceRunSummary,
  type TraceStep,
  TraceStepSchema,
  type TraceStore,
  type CostFilter,
  CostFilterSchema,
  type CostGroupBy,
  CostGroupBySchema,
  type CostGroupTotals,
  type CostLedger,
  type CostLedgerEntry,
  CostLedgerEntrySchema,
  type CostTotals,
  costEntryMatches,
  costGroupKey,
  EMPTY_COST_TOTALS,
  sumCostEntries,
  MemoryCostLedger,
  isJsonValue,
  parseStoreInput,
  applyPendingActionTransition,
  pendingActionStatusConflict,
} from './stores/index.js';
export type { ScriptedError, ScriptedRaw, ScriptedReply, ScriptedToolCall, ScriptedToolCalls, ScriptStep } from './testing/ScriptedModel.js';
export { CORE_VERSION } from './version.js';
