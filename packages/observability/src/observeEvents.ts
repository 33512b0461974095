import type { Logger, RuntimeEventMap, RuntimeEvents } from '@agent-studio/core';

/**
 * Listeners for the core runtime events, each optional, plus `cost:recorded`, which the
 * cost-accounting plugin adds; its payload is taken as `unknown` and checked at run time, so this
 * package does not depend on that plugin.
 * @internal
 */
export type ObserverHandlers = { readonly [K in keyof RuntimeEventMap]?: (event: RuntimeEventMap[K]) => void } & {
  /** A model call was priced by the cost-accounting plugin. */
  readonly 'cost:recorded'?: (event: unknown) => void;
};

interface LooseEmitter {
  on(event: string, listener: (payload: unknown) => void): unknown;
  off(event: string, listener: (payload: unknown) => void): unknown;
}

/**
 * The name of whatever was thrown, never its message (which may quote content).
 * @param error - what was thrown
 * @returns its `name`, or its type
 * @internal
 */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  if (error !== null && typeof error === 'object' && typeof (error as { name?: unknown }).name === 'string') return (error as { name: string }).name;
  return typeof error;
}

/**
 * Subscribes observer listeners so that none of them can affect a run: each one runs inside a
 * try/catch, and a failure is logged as `{ plugin, event, error: <name> }` (never its message).
 * @param events - the runtime's events
 * @param handlers - the listeners, by event name
 * @param plugin - the observing plugin's name, for the warning
 * @param logger - where failures are reported
 * @returns a function that removes every listener it added
 * @internal
 */
export function observeEvents(events: RuntimeEvents, handlers: ObserverHandlers, plugin: string, logger: Logger): () => void {
  const emitter = events as unknown as LooseEmitter;
  const added: [string, (payload: unknown) => void][] = [];
  for (const [event, handler] of Object.entries(handlers) as [string, ((payload: unknown) => void) | undefined][]) {
    if (typeof handler !== 'function') continue;
    const listener = (payload: unknown): void => {
      try {
        handler(payload);
      } catch (error) {
        try {
          logger.warn({ plugin, event, error: errorName(error) }, 'an observer failed; ignored');
        } catch {
          // a failing logger must not reach the run either
        }
      }
    };
    emitter.on(event, listener);
    added.push([event, listener]);
  }
  return () => {
    for (const [event, listener] of added.splice(0)) emitter.off(event, listener);
  };
}
