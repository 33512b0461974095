import type { ActionRegistry, RuntimeEvents } from '@agent-studio/core';

import type {
  DecisionRecordedEvent,
  HookDecisionEvent,
  ModelRequestedEvent,
  ModelRespondedEvent,
  ToolFinishedEvent,
  ToolStartedEvent,
} from '@agent-studio/core';

/**
 * When an entry happened.
 * @category CLI
 */
export interface TimelineStamp {
  /** Milliseconds since the recorder started. */
  readonly atMs: number;
}

/**
 * A model request in the timeline (counts only: the request itself, which holds the messages, is left out).
 * @category CLI
 */
export interface ModelRequestedEntry extends Omit<ModelRequestedEvent, 'request'>, TimelineStamp {
  /** The event name. */
  readonly type: 'model:requested';
}

/**
 * A model response in the timeline (tool-call arguments and the raw response left out; `tool:started` shows the arguments masked).
 * @category CLI
 */
export interface ModelRespondedEntry extends Omit<ModelRespondedEvent, 'toolCalls' | 'received'>, TimelineStamp {
  /** The event name. */
  readonly type: 'model:responded';
  /** The tool calls asked for, by id and name. */
  readonly toolCalls: readonly TimelineToolCall[];
}

/**
 * A tool call named in a model response.
 * @category CLI
 */
export interface TimelineToolCall {
  /** The call id. */
  readonly id: string;
  /** The tool's name. */
  readonly name: string;
}

/**
 * A tool call starting (PII inputs replaced by the placeholder).
 * @category CLI
 */
export interface ToolStartedEntry extends ToolStartedEvent, TimelineStamp {
  /** The event name. */
  readonly type: 'tool:started';
}

/**
 * A tool call finishing.
 * @category CLI
 */
export interface ToolFinishedEntry extends ToolFinishedEvent, TimelineStamp {
  /** The event name. */
  readonly type: 'tool:finished';
}

/**
 * A plugin decision.
 * @category CLI
 */
export interface HookDecisionEntry extends HookDecisionEvent, TimelineStamp {
  /** The event name. */
  readonly type: 'hook:decision';
}

/**
 * A runtime decision.
 * @category CLI
 */
export interface DecisionRecordedEntry extends DecisionRecordedEvent, TimelineStamp {
  /** The event name. */
  readonly type: 'decision:recorded';
}

/**
 * One line of the timeline.
 * @category CLI
 */
export type TimelineEntry =
  | ModelRequestedEntry
  | ModelRespondedEntry
  | ToolStartedEntry
  | ToolFinishedEntry
  | HookDecisionEntry
  | DecisionRecordedEntry;

/** The placeholder shown instead of a PII input's value. */
export const PII_PLACEHOLDER = '«pii»';

/**
 * Records a run's events as a timeline. Inputs that an action marks `pii` are replaced by
 * {@link PII_PLACEHOLDER} as they are recorded, so the timeline never holds their values.
 * @category CLI
 */
export class TimelineRecorder {
  /** The entries, in order. */
  readonly entries: TimelineEntry[] = [];
  readonly #started = performance.now();
  readonly #actions: ActionRegistry;

  /**
   * @param events - the runtime's events
   * @param actions - the registry (for each action's PII inputs)
   */
  constructor(events: RuntimeEvents, actions: ActionRegistry) {
    this.#actions = actions;
    const at = (): number => Math.round((performance.now() - this.#started) * 10) / 10;
    events.on('model:requested', ({ request: _request, ...e }) => this.entries.push({ type: 'model:requested', atMs: at(), ...e }));
    events.on('model:responded', ({ received: _received, ...e }) =>
      this.entries.push({ type: 'model:responded', atMs: at(), ...e, toolCalls: e.toolCalls.map((c) => ({ id: c.id, name: c.name })) }),
    );
    events.on('tool:started', (e) => this.entries.push({ type: 'tool:started', atMs: at(), ...e, args: this.#maskArgs(e.action, e.args) }));
    events.on('tool:finished', (e) => this.entries.push({ type: 'tool:finished', atMs: at(), ...e }));
    events.on('hook:decision', (e) => this.entries.push({ type: 'hook:decision', atMs: at(), ...e }));
    events.on('decision:recorded', (e) => this.entries.push({ type: 'decision:recorded', atMs: at(), ...e }));
  }

  #maskArgs(action: string, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const pii = this.#actions.get(action)?.piiKeys ?? new Set<string>();
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args)) out[key] = pii.has(key) ? PII_PLACEHOLDER : value;
    return out;
  }
}
