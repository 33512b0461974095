import { parseStoreInput } from '@agent-studio/core';
import { z } from 'zod';

const TimeSchema = z.number();

/**
 * Reads a store's clock, refusing a value that is not a finite number.
 * @param clock - returns the current time (epoch ms)
 * @returns the current time
 * @throws `ConfigurationError` `CONFIG_INVALID` when the clock returns something else
 * @internal
 */
export function readStoreClock(clock: () => number): number {
  return parseStoreInput(TimeSchema, clock(), 'store clock reading');
}
