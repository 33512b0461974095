import { EventEmitter } from 'eventemitter3';
import type { ActionResult } from '../runtime/ActionResult.js';
import type { RunStatus } from '../runtime/RunResult.js';
import type { Usage } from '../schemas/response.js';

/**
 * The payload of every event, keyed by event name. Events observe; they never decide, and a
 * listener's failure never changes a run. Payloads are built only when someone listens.
 * @category Events
 */
export interface RuntimeEventMap {
  /** A run started. */
  'run:started': { readonly runId: string; readonly agent: string; readonly tenantId: string; readonly userId: string; readonly surface: string; readonly resumed: boolean };
  /** A run ended (completed, suspended, blocked or failed). */
  'run:finished': { readonly runId: string; readonly status: RunStatus; readonly durationMs: number; readonly errorCode?: string };
  /** A model call is about to be sent (after the `beforeModelCall` hooks). */
  'model:requested': { readonly runId: string; readonly turn: number; readonly model: string; readonly messages: number; readonly tools: number };
  /** A model call returned (after the `afterModelCall` hooks). */
  'model:responded': {
    readonly runId: string;
    readonly turn: number;
    readonly model: string;
    readonly durationMs: number;
    readonly usage: Usage;
    readonly finishReason: string | null;
    readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly arguments: string }[];
    /** The reply text as the hooks left it (masked when a masking plugin runs). */
    readonly content: string | null;
  };
  /** A tool call is about to run (after the `beforeToolCall` hooks). */
  'tool:started': { readonly runId: string; readonly turn: number; readonly callId: string; readonly action: string; readonly args: Readonly<Record<string, unknown>>; readonly rationale: string | undefined };
  /** A tool call finished (after the `afterToolCall` hooks). */
  'tool:finished': { readonly runId: string; readonly turn: number; readonly callId: string; readonly action: string; readonly durationMs: number; readonly result: ActionResult };
  /** A plugin hook decided. */
  'hook:decision': {
    readonly runId: string;
    readonly turn: number;
    readonly plugin: string;
    readonly hook: string;
    readonly decision: 'continue' | 'replace' | 'block' | 'suspend' | 'skipped';
    readonly code?: string;
    readonly reason?: string;
    readonly callId?: string;
    readonly durationMs: number;
  };
  /** The runtime itself made a decision worth auditing (an ignored context input, an unknown tool…). */
  'decision:recorded': { readonly runId: string; readonly turn: number; readonly kind: string; readonly callId?: string; readonly reason: string };
}

/**
 * The typed event emitter of the runtime (eventemitter3).
 * @example
 * ```ts
 * runtime.events.on('tool:finished', (e) => metrics.observe(e.action, e.durationMs));
 * ```
 * @category Events
 */
export class RuntimeEvents extends EventEmitter<{ [K in keyof RuntimeEventMap]: [RuntimeEventMap[K]] }> {}
