import { ConfigurationError } from '@agent-studio/core';
import type { Redis } from 'ioredis';
import { DEFAULT_REDIS_PREFIX, type RedisStoreOptions } from './RedisStoreOptions.js';

const MAX_PREFIX_LENGTH = 256;

/**
 * A Redis store's options once checked, with the defaults filled in.
 * @internal
 */
export interface CheckedRedisStoreOptions {
  /** The client. */
  readonly client: Redis;
  /** The key prefix. */
  readonly prefix: string;
  /** The clock. */
  readonly clock: () => number;
}

/**
 * Checks the options of a Redis store's constructor.
 * @param options - what the caller passed
 * @param owner - the class name, for messages
 * @returns the client, the prefix and the clock
 * @throws `ConfigurationError` `CONFIG_INVALID` when an option is missing or of the wrong kind
 * @internal
 */
export function checkRedisStoreOptions(options: RedisStoreOptions, owner: string): CheckedRedisStoreOptions {
  if (typeof options !== 'object' || options === null) throw invalid(owner, 'Pass an options object with an ioredis client.', []);
  const { client, prefix = DEFAULT_REDIS_PREFIX, clock = Date.now } = options;
  if (!isRedisClient(client)) throw invalid(owner, 'client must be an ioredis client (new Redis(url)).', ['client']);
  checkPrefix(prefix, owner);
  if (typeof clock !== 'function') throw invalid(owner, 'clock must be a function returning epoch milliseconds.', ['clock']);
  return { client, prefix, clock };
}

/**
 * Checks a key prefix.
 * @param prefix - the option's value
 * @param owner - who takes it, for the message
 * @throws `ConfigurationError` `CONFIG_INVALID` when it is not a string of 1 to 256 characters
 * @internal
 */
export function checkPrefix(prefix: unknown, owner: string): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > MAX_PREFIX_LENGTH) {
    throw invalid(owner, `prefix must be a string of 1 to ${MAX_PREFIX_LENGTH} characters, such as 'agent-studio:'.`, ['prefix']);
  }
}

/**
 * Whether a value looks like an ioredis client (it can define and run Lua scripts).
 * @param value - the option's value
 * @returns true for an ioredis client
 * @internal
 */
export function isRedisClient(value: unknown): value is Redis {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { defineCommand?: unknown; evalsha?: unknown; get?: unknown };
  return typeof candidate.defineCommand === 'function' && typeof candidate.evalsha === 'function' && typeof candidate.get === 'function';
}

function invalid(owner: string, message: string, fields: readonly string[]): ConfigurationError {
  return new ConfigurationError('CONFIG_INVALID', `${owner}'s options are not valid: ${message}`, { details: { fields } });
}
