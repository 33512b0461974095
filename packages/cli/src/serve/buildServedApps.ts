import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, type RateLimiter, type TokenReplayGuard } from '@agent-studio/core';
import { EgressPolicy, type EgressPolicyOptions, egressModule } from '@agent-studio/egress';
import { metricsModule } from '@agent-studio/observability';
import type { Registry } from 'prom-client';
import { ScriptedModel } from '@agent-studio/core/testing';
import { type GatewayApp, LimitsConfigSchema, TenantQuotaPlugin } from '@agent-studio/gateway';
import { OpenAIModelClient } from '@agent-studio/openai';
import { loadAgentApp } from '../loadAgentApp.js';
import { buildRuntime } from '../workspace/buildRuntime.js';
import type { AccessKey } from '../workspace/loadAccessKey.js';
import type { Workspace } from '../workspace/Workspace.js';
import type { ServeConfig } from './ServeConfig.js';

/** The example agents this repository ships, served when the config names none. */
const EXAMPLES = ['examples/order-status/dist/src/agent.js', 'examples/refund-approval/dist/src/agent.js'];

/**
 * The agents of a served deployment, each on its own runtime (its own plugins), sharing the
 * workspace's stores, the access key's verifier and the shared replay guard.
 * @param config - the serve config
 * @param workspace - the durable stores and state key
 * @param key - the access key (verifier)
 * @param shared - the replay guard, the rate limiter (for the tenant quota plugin) and the
 *   Prometheus registry the runtimes' metrics go to
 * @param env - the environment
 * @param cwd - where relative agent files are resolved
 * @returns the apps and a function that stops their runtimes
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when no agent file is found
 * @category CLI
 */
export async function buildServedApps(
  config: ServeConfig,
  workspace: Workspace,
  key: AccessKey,
  shared: { readonly replayGuard: TokenReplayGuard; readonly rateLimiter: RateLimiter; readonly registry?: Registry },
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): Promise<{ apps: GatewayApp[]; stop(): Promise<void> }> {
  const files = config.agents ?? EXAMPLES.filter((f) => existsSync(resolve(cwd, f)));
  if (files.length === 0) throw new ConfigurationError('CONFIG_INVALID', 'No agent to serve: list agent files in the config ("agents"), or build the examples (npm run build).');
  const limits = LimitsConfigSchema.parse((config.gateway as { limits?: unknown }).limits ?? {});
  // validated once, before any agent loads: a bad policy stops the start (CONFIG_INVALID)
  const egress = config.egress === undefined ? undefined : EgressPolicy.from(config.egress as unknown as EgressPolicyOptions);
  const apps: GatewayApp[] = [];
  const runtimes: { stop(): Promise<void> }[] = [];
  for (const file of files) {
    const app = await loadAgentApp(resolve(cwd, file));
    const model =
      config.model === 'openai'
        ? OpenAIModelClient.fromEnv(env)
        : new ScriptedModel(app.script ?? [], { model: `scripted:${app.agent.model.name}`, mode: 'per-conversation' });
    const { container, runtime } = await buildRuntime(app, model, workspace, { verifier: key.verifier }, env, {
      replayGuard: shared.replayGuard,
      plugins: [new TenantQuotaPlugin(shared.rateLimiter, limits)],
      modules: [...(egress ? [egressModule(egress)] : []), ...(shared.registry ? [metricsModule({ registry: shared.registry })] : [])],
    });
    runtimes.push(runtime);
    apps.push({ runtime, ...(container.isBound('approvals.Service') ? { approvals: container.get('approvals.Service') } : {}) });
  }
  return {
    apps,
    async stop() {
      for (const r of runtimes) await r.stop();
    },
  };
}
