// Gateway bench server: `node server.js gateway|bare`. Prints one line `ready <url> <token>` on stdout.
//   gateway: @agent-studio/gateway with Redis-backed sessions, limits, leases and replay guard
//            (REDIS_URL, a fresh key prefix), every security plugin on the agent, scripted model:
//            one tool call, then the answer. Limits are set high: the bench measures overhead.
//   bare:    a bare fastify route returning the same JSON as a completed message.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { AccessContextVerifier, createContainer, defineAction, defineAgent, MemoryCostLedger, MemoryPendingActionStore, MemoryRunStateStore, MemoryTraceStore, RoleAccessPolicy } from '@agent-studio/core';
import { createGateway, EdgeAuthenticator, TenantQuotaPlugin, LimitsConfigSchema } from '@agent-studio/gateway';
import { openRedisStores } from '@agent-studio/store-redis';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';
import { allPluginModules } from '../shared/allPluginModules.js';

const mode = process.argv[2];
export const REPLY = { runId: '00000000-0000-0000-0000-000000000000', status: 'completed', reply: 'Sunny in Oslo.' };

if (mode === 'bare') {
  const app = Fastify({ logger: false });
  app.post('/bare', async () => REPLY);
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`ready http://127.0.0.1:${app.server.address().port} -\n`);
} else if (mode === 'gateway') {
  const prefix = `as_bench_${randomBytes(4).toString('hex')}:`;
  const redis = await openRedisStores({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix });
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const signing = { privateKey, keyId: randomUUID(), issuer: 'agent-studio.gateway', audience: 'agent-studio.runtime' };
  const verifier = new AccessContextVerifier({ key: publicKey, issuer: signing.issuer, audience: signing.audience });
  const edgeKeys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(edgeKeys.publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' };
  const edge = await EdgeAuthenticator.create({ jwks: { keys: [jwk] }, issuer: 'bench-idp', audience: 'agent-studio.gateway' });
  const limits = { defaults: { requests: { runtime: 100_000_000 }, concurrentRuns: 10_000, queuedRuns: 10_000, modelCalls: 100_000_000, tokens: 100_000_000 } };
  const tool = defineAction({ name: 'tool_a', description: 'Weather now in a city.', audience: 'employee', visibility: 'public', effect: 'read', input: z.object({ city: z.string() }), run: ({ city }) => ({ city, sky: 'sunny' }) });
  const agent = defineAgent({ name: 'bench', audience: 'employee', model: { name: 'm' }, instructions: 'You answer weather questions.', capabilities: [{ action: 'tool_a' }] });
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const call = { id: '1', model: 'm', usage, choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'tool_a', arguments: JSON.stringify({ city: 'Oslo', _rationale: 'The user asked about the weather.' }) } }] } }] };
  const answer = { id: '2', model: 'm', usage, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Sunny in Oslo.' } }] };
  const model = { name: 'scripted', complete: async (request) => structuredClone(request.messages.some((m) => m.role === 'tool') ? answer : call) };
  const container = createContainer({
    model,
    verifier,
    stateKey: randomBytes(32),
    replayGuard: redis.replayGuard,
    traces: new MemoryTraceStore(),
    costLedger: new MemoryCostLedger(),
    pendingActions: new MemoryPendingActionStore(),
    runStates: new MemoryRunStateStore(),
    agents: [agent],
    actions: [tool],
    plugins: [new TenantQuotaPlugin(redis.rateLimiter, LimitsConfigSchema.parse(limits))],
    modules: await allPluginModules('bench', {}),
  });
  const gateway = await createGateway({
    config: { limits, workers: 256, health: { enabled: false } },
    apps: [{ runtime: container.get('core.Runtime') }],
    edge,
    policy: new RoleAccessPolicy({ roles: { user: ['agent:use:*'] } }),
    signing,
    verifier,
    stores: { sessions: redis.sessions, rateLimiter: redis.rateLimiter, concurrency: redis.concurrency },
  });
  const url = await gateway.listen({ port: 0 });
  const token = await new SignJWT({ tid: 'bench-tenant', roles: ['user'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench', typ: 'JWT' })
    .setIssuer('bench-idp')
    .setAudience('agent-studio.gateway')
    .setSubject('u-sam')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(edgeKeys.privateKey);
  process.stdout.write(`ready ${url} ${token}\n`);
  const cleanup = async () => {
    await gateway.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.client.del(...keys);
    } while (cursor !== '0');
    await redis.close();
    // with the server and the Redis client closed, the process ends by itself
  };
  process.once('SIGTERM', cleanup);
} else {
  throw new Error('usage: server.js gateway|bare');
}
