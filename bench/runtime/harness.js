// Shared measurement loop of the runtime bench workers (bench/runtime.bench.js spawns one worker
// per configuration). A worker hands `measure` a function doing ONE full run (3 model turns, 2
// tool calls) and a check of the counters; it prints one JSON object on stdout.
//   sequential: µs per run over RUNS runs, after a warm-up (WARMUP runs or WARMUP_MS), median of TRIALS trials
//   concurrent: µs per run (wall time / runs) with CONCURRENCY runs in flight, CONC_ROUNDS
//               rounds per trial, median of TRIALS trials
//   heap peak:  process.memoryUsage().heapUsed sampled every 1 ms (and after every completed run)
//               during the concurrent phase, after a forced gc; reported as peak minus the
//               post-gc baseline (heapPeakDeltaMb, the *HeapMb figure) and as the absolute peak.
export const RUNS = Number(process.env.BENCH_RUNS ?? 2_000);
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_500);
export const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3_000);
export const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);
export const CONCURRENCY = 100;
export const CONC_ROUNDS = Number(process.env.BENCH_CONC_ROUNDS ?? 5);

export const TOOL_A_ARGS = { city: 'Oslo' };
export const TOOL_B_ARGS = { days: 3 };
export const FINAL_TEXT = 'Sunny in Oslo for 3 days.';

/** Counters the tools bump, so a bench that measures a no-op fails. */
export const counters = { a: 0, b: 0 };
export function toolA({ city }) {
  counters.a++;
  return { city, t: 21 };
}
export function toolB({ days }) {
  counters.b++;
  return { days, rain: false };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x) => Math.round(x * 10) / 10;
const mb = (b) => Math.round((b / 1024 / 1024) * 10) / 10;

/**
 * @param {string} name - the configuration
 * @param {() => Promise<string>} runOnce - one run; resolves to the final answer text
 * @param {{ prepare?: (n: number) => Promise<void>, extra?: () => object }} [opts] - prepare(n) runs
 *   outside the timing before n runs (e.g. mints single-use access tokens)
 */
export async function measure(name, runOnce, opts = {}) {
  const prepare = opts.prepare ?? (async () => {});
  let done = 0;
  const check = async (n) => {
    const before = { ...counters };
    const out = await n();
    return { out, before };
  };
  // correctness: one run does both tools once and answers with the final text
  {
    await prepare(1);
    const { out, before } = await check(runOnce);
    if (out !== FINAL_TEXT) throw new Error(`${name}: final answer ${JSON.stringify(out)}, expected ${JSON.stringify(FINAL_TEXT)}`);
    if (counters.a - before.a !== 1 || counters.b - before.b !== 1) throw new Error(`${name}: tools ran a=${counters.a - before.a} b=${counters.b - before.b} times in one run, expected 1 and 1`);
  }
  const verify = async (n, fn) => {
    const a0 = counters.a;
    const b0 = counters.b;
    const r = await fn();
    if (counters.a - a0 !== n || counters.b - b0 !== n) throw new Error(`${name}: ${n} runs ran tool A ${counters.a - a0} and tool B ${counters.b - b0} times`);
    return r;
  };
  const seq = async (n) => {
    for (let i = 0; i < n; i++) {
      const out = await runOnce();
      if (out !== FINAL_TEXT) throw new Error(`${name}: final answer ${JSON.stringify(out)}`);
    }
  };
  const conc = async (rounds, onDone) => {
    for (let r = 0; r < rounds; r++) {
      const all = [];
      for (let i = 0; i < CONCURRENCY; i++)
        all.push(
          runOnce().then((out) => {
            if (out !== FINAL_TEXT) throw new Error(`${name}: final answer ${JSON.stringify(out)}`);
            onDone?.();
          }),
        );
      await Promise.all(all);
    }
  };
  // warm-up: WARMUP runs, or fewer (at least 100) once WARMUP_MS have passed (the JIT of the
  // peers takes ~1,000 runs to settle; Agent Studio with every plugin is ~10 ms per run)
  const w0 = Date.now();
  for (let n = 0; n < WARMUP && (n < 100 || Date.now() - w0 < WARMUP_MS); n += 50) {
    await prepare(50);
    await verify(50, () => seq(50));
  }
  await prepare(CONCURRENCY * 2);
  await verify(CONCURRENCY * 2, () => conc(2));
  const seqUs = [];
  const concUs = [];
  for (let t = 0; t < TRIALS; t++) {
    await prepare(RUNS);
    const s0 = process.hrtime.bigint();
    await verify(RUNS, () => seq(RUNS));
    seqUs.push(Number(process.hrtime.bigint() - s0) / 1_000 / RUNS);
    await prepare(CONCURRENCY * CONC_ROUNDS);
    const c0 = process.hrtime.bigint();
    await verify(CONCURRENCY * CONC_ROUNDS, () => conc(CONC_ROUNDS));
    concUs.push(Number(process.hrtime.bigint() - c0) / 1_000 / (CONCURRENCY * CONC_ROUNDS));
  }
  // heap peak at 100 concurrent: gc, baseline, then sample while CONC_ROUNDS rounds run
  await prepare(CONCURRENCY * CONC_ROUNDS);
  globalThis.gc();
  globalThis.gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const timer = setInterval(sample, 1);
  await verify(CONCURRENCY * CONC_ROUNDS, () => conc(CONC_ROUNDS, () => ++done % 10 === 0 && sample()));
  clearInterval(timer);
  sample();
  process.stdout.write(
    `${JSON.stringify({
      config: name,
      us: round1(median(seqUs)),
      usTrials: seqUs.map(round1),
      concurrentUs: round1(median(concUs)),
      concurrentUsTrials: concUs.map(round1),
      heapPeakDeltaMb: mb(peak - baseline),
      heapPeakMb: mb(peak),
      heapBaselineMb: mb(baseline),
      toolRuns: { a: counters.a, b: counters.b },
      ...(opts.extra ? opts.extra() : {}),
    })}\n`,
  );
}
