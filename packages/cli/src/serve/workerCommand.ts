import { resolve } from 'node:path';
import { ConfigurationError } from '@agent-studio/core';
import { ContinuationExecutor, startContinuationWorker } from '@agent-studio/gateway';
import { createLogger } from '@agent-studio/observability';
import { loadAccessKey } from '../workspace/loadAccessKey.js';
import { openWorkspace } from '../workspace/Workspace.js';
import { buildServedApps } from './buildServedApps.js';
import { openSharedStores } from './openSharedStores.js';
import { loadServeConfig } from './ServeConfig.js';

/**
 * Starts `agent-studio worker`: the same agents as `serve`, and a BullMQ worker that resumes
 * approved runs. Each job carries a token minted for the run's original user and bound to the
 * job; the worker verifies it and refuses a job without one (R-TOKEN-3, R-TOKEN-4).
 * @param options - the config file and the concurrency
 * @param env - the environment (`REDIS_URL` is required)
 * @returns a function that stops the worker
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` without `REDIS_URL`
 * @category CLI
 */
export async function workerCommand(options: { readonly config?: string; readonly concurrency?: number }, env: NodeJS.ProcessEnv): Promise<{ banner: string; close(): Promise<void> }> {
  if (!env.REDIS_URL) throw new ConfigurationError('CONFIG_INVALID', 'agent-studio worker needs REDIS_URL: the queue lives in Redis.');
  const config = await loadServeConfig(options.config);
  const home = resolve(env.AGENT_STUDIO_HOME && env.AGENT_STUDIO_HOME.length > 0 ? env.AGENT_STUDIO_HOME : '.agent-studio');
  const workspace = await openWorkspace(env);
  const shared = await openSharedStores(env);
  const key = await loadAccessKey(home, env);
  const served = await buildServedApps(config, workspace, key, shared, env);
  const approvals = new Map(served.apps.flatMap((a) => (a.approvals ? a.runtime.agents.map((d) => [d.name, a.approvals] as const) : [])).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined));
  const runtimes = new Map(served.apps.flatMap((a) => a.runtime.agents.map((d) => [d.name, a.runtime] as const)));
  const executor = new ContinuationExecutor(key.verifier, approvals, runtimes);
  const connection = shared.queueConnection;
  if (!connection) throw new ConfigurationError('CONFIG_INVALID', 'agent-studio worker needs REDIS_URL.');
  const worker = startContinuationWorker({ connection, prefix: env.AGENT_STUDIO_QUEUE_PREFIX || 'agent-studio', ...(options.concurrency ? { concurrency: options.concurrency } : {}) }, executor, createLogger({ level: 'warn', destination: process.stderr }));
  await worker.waitUntilReady();
  return {
    banner: `agent-studio worker ready: approved runs and async calls of ${[...runtimes.keys()].join(', ')} · stores: ${workspace.where}`,
    async close() {
      await worker.close();
      await served.stop();
      await shared.close();
      await workspace.close();
    },
  };
}
