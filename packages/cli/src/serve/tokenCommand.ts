import { resolve } from 'node:path';
import { ensureDevelopmentIdentity } from '@agent-studio/gateway';

/**
 * `agent-studio token`: a development edge credential for the gateway's development JWKS (only
 * when `serve` runs without an `edge` config). Production credentials come from your identity
 * provider.
 * @param options - user, tenant, roles and lifetime
 * @param env - the environment (`AGENT_STUDIO_HOME`)
 * @returns the token
 * @category CLI
 */
export async function tokenCommand(options: { readonly user: string; readonly tenant: string; readonly roles: readonly string[]; readonly ttlSeconds?: number }, env: NodeJS.ProcessEnv): Promise<string> {
  const home = resolve(env.AGENT_STUDIO_HOME && env.AGENT_STUDIO_HOME.length > 0 ? env.AGENT_STUDIO_HOME : '.agent-studio');
  const dev = await ensureDevelopmentIdentity(home);
  return dev.mint({ userId: options.user, tenantId: options.tenant, roles: [...options.roles], ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}) });
}
