import type { ActionRegistry, RuntimeEventMap, RuntimeEvents } from '@agent-studio/core';

/**
 * One line of the timeline.
 * @category CLI
 */
export type TimelineEntry = { readonly atMs: number } & (
  | ({ readonly type: 'model:requested' } & RuntimeEventMap['model:requested'])
  | ({ readonly type: 'model:responded' } & Omit<RuntimeEventMap['model:responded'], 'toolCalls'> & { readonly toolCalls: readonly { id: string; name: string }[] })
  | ({ readonly type: 'tool:started' } & RuntimeEventMap['tool:started'])
  | ({ readonly type: 'tool:finished' } & RuntimeEventMap['tool:finished'])
  | ({ readonly type: 'hook:decision' } & RuntimeEventMap['hook:decision'])
  | ({ readonly type: 'decision:recorded' } & RuntimeEventMap['decision:recorded'])
);

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
    events.on('model:requested', (e) => this.entries.push({ type: 'model:requested', atMs: at(), ...e }));
    events.on('model:responded', (e) =>
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
