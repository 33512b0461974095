// Gateway bench: `npm run bench -- gateway`. One JSON line.
// autocannon (100 connections, BENCH_SECONDS each, default 30) against, in one run on this machine:
//   bare:     a bare fastify route returning the same JSON as a completed message;
//   edge:     the gateway's POST /v1/agents/bench/sessions: edge JWT check, the tenant's request
//             budget and a session create, all in Redis (auth, limit and session, no run);
//   turns:    POST /v1/sessions/{id}/messages: the above plus a full agent run with every security
//             plugin (one tool call, then the answer) on the scripted model.
// Targets (issue 7): turns >= 1,000/s at p99 <= 100 ms with zero errors; edge >= 50% of bare.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 100;

function startServer(mode) {
  const child = spawn(process.execPath, [join(here, 'gateway/server.js'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /ready (\S+) (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], token: m[2] });
    });
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

async function load(opts) {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

const bare = await startServer('bare');
const bareResult = await load({ url: `${bare.url}/bare`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"What is the weather in Oslo?"}' });
await stopServer(bare);

const gw = await startServer('gateway');
const headers = { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' };
const edgeResult = await load({ url: `${gw.url}/v1/agents/bench/sessions`, method: 'POST', headers, body: '{}' });
const sessions = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const res = await fetch(`${gw.url}/v1/agents/bench/sessions`, { method: 'POST', headers, body: '{}' });
  sessions.push((await res.json()).sessionId);
}
const check = await fetch(`${gw.url}/v1/sessions/${sessions[0]}/messages`, { method: 'POST', headers, body: '{"content":"What is the weather in Oslo?"}' });
const checked = await check.json();
if (check.status !== 200 || checked.status !== 'completed') throw new Error(`a message did not complete: ${check.status} ${JSON.stringify(checked)}`);
let next = 0;
const turnResult = await load({
  url: gw.url,
  requests: [{ method: 'POST', headers, body: '{"content":"What is the weather in Oslo?"}', setupRequest: (req) => ({ ...req, path: `/v1/sessions/${sessions[next++ % sessions.length]}/messages` }) }],
});
await stopServer(gw);

const versions = { node: process.version, fastify: (await import('fastify/package.json', { with: { type: 'json' } })).default.version, autocannon: (await import('autocannon/package.json', { with: { type: 'json' } })).default.version };
process.stdout.write(
  `${JSON.stringify({
    bench: 'gateway',
    seconds: SECONDS,
    connections: CONNECTIONS,
    bareRps: bareResult.rps,
    edgeRps: edgeResult.rps,
    edgeVsBare: Math.round((edgeResult.rps / bareResult.rps) * 1000) / 1000,
    turnsPerSecond: turnResult.rps,
    turnsP99Ms: turnResult.p99Ms,
    turnsErrors: turnResult.errors + turnResult.non2xx,
    targets: { turnsPerSecond: 1000, turnsP99Ms: 100, edgeVsBare: 0.5 },
    details: { bare: bareResult, edge: edgeResult, turns: turnResult },
    versions,
  })}\n`,
);
