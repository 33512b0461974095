import { readFile } from 'node:fs/promises';
import { ConfigurationError, parseStoreInput, RoleGrantsSchema } from '@agent-studio/core';
import { GatewayConfigSchema } from '@agent-studio/gateway';
import { z } from 'zod';

/**
 * The `agent-studio serve --config` file (JSON). Every field is optional: with no file the gateway
 * serves the example agents on the scripted model, with a development JWKS under the workspace.
 * @category CLI
 */
export const ServeConfigSchema = z.strictObject({
  /** Host to listen on (default 127.0.0.1). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port (default 8787; 0 picks a free one). */
  port: z.number().int().min(0).max(65_535).default(8787),
  /** Compiled agent files to serve (default: the examples of this repository). */
  agents: z.array(z.string().min(1)).min(1).optional(),
  /** `scripted` (each agent file's script, replayed per conversation) or `openai`. */
  model: z.enum(['scripted', 'openai']).default('scripted'),
  /** Gateway settings (limits, sessions, tokens, health). */
  gateway: z.record(z.string(), z.unknown()).default({}),
  /** Edge authentication (a JWKS file or URL, issuer, audience…); default: the development identity. */
  edge: z.record(z.string(), z.unknown()).optional(),
  /** Role grants for the core access policy; default: `user`, `approver`, `author`, `admin`. */
  access: RoleGrantsSchema.optional(),
  /**
   * The egress policy every served agent's actions get as `ctx.http` (R-EGRESS-1..3): hosts allowed
   * per tenant and per agent, and named credentials; see `@agent-studio/egress`. Default: none
   * (actions get no `ctx.http`).
   */
  egress: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The serve configuration, parsed.
 * @category CLI
 */
export type ServeConfig = z.output<typeof ServeConfigSchema>;

/**
 * The grants used when the config has none: `user` may use every agent; `approver` may also decide
 * approvals and read traces; `author` may preview; `admin` may do everything.
 * @category CLI
 */
export const DEFAULT_ROLE_GRANTS = Object.freeze({
  roles: {
    user: ['agent:use:*'],
    approver: ['agent:use:*', 'approval:decide', 'trace:read'],
    author: ['agent:use:*', 'agent:author:*'],
    admin: ['agent:admin', 'agent:author:*', 'agent:use:*', 'approval:decide', 'trace:read'],
  },
});

/**
 * Reads and validates a serve config file (or the defaults when no file is given).
 * @param file - the JSON file, if any
 * @returns the config
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an unreadable or invalid file
 * @category CLI
 */
export async function loadServeConfig(file: string | undefined): Promise<ServeConfig> {
  let raw: unknown = {};
  if (file !== undefined) {
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (cause) {
      throw new ConfigurationError('CONFIG_INVALID', `Cannot read the serve config ${file}: ${(cause as Error).message}.`);
    }
  }
  const config = parseStoreInput(ServeConfigSchema, raw, `serve config${file === undefined ? '' : ` ${file}`}`);
  parseStoreInput(GatewayConfigSchema, config.gateway, 'gateway section of the serve config');
  return config;
}
