// Runtime performance side by side (issue 9): the same workload (the model asks for tool A, then
// tool B, then answers; zod-validated arguments; trivial synchronous tools; a scripted model that
// returns the same three responses) run by
//   - Agent Studio with no plugins,
//   - Agent Studio with every security plugin on (and the data layer),
//   - @openai/agents with tracing off, through its Model interface,
//   - ai (Vercel AI SDK) ToolLoopAgent with telemetry off, with its shipped mock model,
// each in its own process (bench/runtime/*.js, `node --expose-gc`), one after the other.
// Figures: µs per run sequentially (2,000 runs per trial after a warm-up, median of 3 trials), µs
// per run with 100 runs in flight (wall time / runs, 5 rounds of 100 per trial, median of 3), and
// the heap peak during 5 rounds of 100 concurrent runs, as peak heapUsed minus the post-gc
// baseline (`*HeapMb`; the absolute peaks are in `heapAbsolutePeakMb`). Every worker checks the
// final answer and that each tool ran exactly once per run. Prints one JSON line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
const versionOf = (pkg) => {
  try {
    return version(pkg);
  } catch {
    // packages whose exports hide package.json: walk up from the entry point
    let dir = dirname(require.resolve(pkg));
    for (;;) {
      try {
        const j = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (j.name === pkg) return j.version;
      } catch {}
      const up = dirname(dir);
      if (up === dir) return null;
      dir = up;
    }
  }
};

const configs = [
  { key: 'agentStudioBare', args: ['agent-studio.js', 'bare'] },
  { key: 'agentStudioAllPlugins', args: ['agent-studio.js', 'all-plugins'] },
  { key: 'openaiAgents', args: ['openai-agents.js'] },
  { key: 'aiSdk', args: ['ai-sdk.js'] },
];

const out = {};
const details = {};
const errors = {};
for (const { key, args } of configs) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'runtime', args[0]), ...args.slice(1)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 240_000 });
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.status !== 0 || !line) {
    errors[key] = `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}`;
    continue;
  }
  const m = JSON.parse(line);
  out[`${key}Us`] = m.us;
  out[`${key}UsConcurrent`] = m.concurrentUs;
  out[`${key}HeapMb`] = m.heapPeakDeltaMb;
  details[key] = { usTrials: m.usTrials, concurrentUsTrials: m.concurrentUsTrials, heapAbsolutePeakMb: m.heapPeakMb, heapBaselineMb: m.heapBaselineMb, toolRuns: m.toolRuns, ...(m.plugins ? { plugins: m.plugins } : {}) };
}
// the issue names the concurrent keys "<name>Concurrent": µs per run with 100 in flight
const result = {
  bench: 'runtime',
  workload: '3 model turns, 2 tool calls (zod-validated), scripted model; 2,000 sequential runs x 3 trials, 100 concurrent x 5 rounds x 3 trials',
  agentStudioBareUs: out.agentStudioBareUs,
  agentStudioAllPluginsUs: out.agentStudioAllPluginsUs,
  openaiAgentsUs: out.openaiAgentsUs,
  aiSdkUs: out.aiSdkUs,
  agentStudioBareUsConcurrent: out.agentStudioBareUsConcurrent,
  agentStudioAllPluginsUsConcurrent: out.agentStudioAllPluginsUsConcurrent,
  openaiAgentsUsConcurrent: out.openaiAgentsUsConcurrent,
  aiSdkUsConcurrent: out.aiSdkUsConcurrent,
  agentStudioBareHeapMb: out.agentStudioBareHeapMb,
  agentStudioAllPluginsHeapMb: out.agentStudioAllPluginsHeapMb,
  openaiAgentsHeapMb: out.openaiAgentsHeapMb,
  aiSdkHeapMb: out.aiSdkHeapMb,
  heapMbIs: 'peak heapUsed minus post-gc baseline, 100 concurrent runs',
  versions: { node: process.version, agentStudio: versionOf('@agent-studio/core'), '@openai/agents': versionOf('@openai/agents'), ai: versionOf('ai') },
  details,
  ...(Object.keys(errors).length > 0 ? { errors } : {}),
};
console.log(JSON.stringify(result));
// the workers ran with spawnSync, so nothing holds the event loop: set the code and let node end
process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
