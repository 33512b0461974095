import type { Redis } from 'ioredis';

/**
 * Runs a Lua script defined on a client: the keys first, then the arguments.
 * @internal
 */
export type RedisScript = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * Defines a Lua script on a client with ioredis `defineCommand`, which sends it by SHA
 * (`EVALSHA`) and falls back to `EVAL` when Redis does not know it yet (after a restart or a
 * `SCRIPT FLUSH`). Defining the same name twice on one client is harmless.
 * @param client - the client
 * @param name - the command's name on the client (prefixed to keep clear of other commands)
 * @param lua - the script
 * @param numberOfKeys - how many of the arguments are keys
 * @returns a function that runs the script
 * @internal
 */
export function defineRedisScript(client: Redis, name: string, lua: string, numberOfKeys: number): RedisScript {
  const command = `agentStudio${name}`;
  client.defineCommand(command, { lua, numberOfKeys });
  return (keys, args) => {
    const run = (client as unknown as Record<string, (...parts: (string | number)[]) => Promise<unknown>>)[command];
    if (run === undefined) return Promise.reject(new Error(`The Lua command ${command} is not defined on this client.`));
    return run.call(client, ...keys, ...args);
  };
}
