import { ConfigurationError } from '../errors/AgentStudioError.js';

/**
 * Reads an injected clock, refusing a value that is not a finite number.
 * @param clock - returns the current time (epoch ms)
 * @returns the current time
 * @throws {@link ConfigurationError} `CONFIG_INVALID` when the clock returns something else
 * @internal
 */
export function readClock(clock: () => number): number {
  const now: unknown = clock();
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new ConfigurationError('CONFIG_INVALID', 'The store clock must return the current time as a finite number of epoch milliseconds.', {
      details: { type: typeof now },
    });
  }
  return now;
}

/**
 * Checks a clock passed as a constructor option and returns it, or `Date.now` when none was given.
 * @param clock - the option's value
 * @param owner - the class name, for the message
 * @returns a usable clock
 * @throws {@link ConfigurationError} `CONFIG_INVALID` when the option is not a function
 * @internal
 */
export function clockOption(clock: unknown, owner: string): () => number {
  if (clock === undefined) return Date.now;
  if (typeof clock !== 'function') {
    throw new ConfigurationError('CONFIG_INVALID', `${owner}'s clock option must be a function returning epoch milliseconds.`, {
      details: { type: typeof clock },
    });
  }
  return clock as () => number;
}
