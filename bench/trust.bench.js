// The trust layer against the npm peers, side by side in one run, on the DEV datasets
// (/work/shared/datasets, or AGENT_STUDIO_DATASETS; formats in its README):
//   - prompt injection (prompt-injection.dev.jsonl, 2,473 rows): ours (evaluatePromptSafety, scorers
//     'default' and 'parity') against @andersmyrmel/vard (strict preset, and the default builder =
//     moderate preset) and aidefence;
//   - PII (pii.dev.jsonl, 1,736 rows): ours (evaluatePii) against redact-pii (SyncRedactor) and
//     openredaction (OpenRedaction#detect, local regex patterns).
//
// Injection metrics, over all rows: tp, fp, tn, fn, tpr = tp/(tp+fn), fpr = fp/(fp+tn),
// f1 = 2tp/(2tp+fp+fn), the FPR of every benign (label 0) category and the TPR of every attack
// category. A row is flagged when the detector would block it: vard's safeParse returns safe:false
// (inputs it only sanitizes pass). vard's presets flag any input over 10,000 characters
// (maxLength) as instructionOverride; that is part of its configuration and counts, and
// lengthLimitFlags says on how many rows it was the only reason.
// PII metrics, as evaluatePii computes them, per type among EMAIL PHONE SSN CREDIT_CARD IBAN
// IP_ADDRESS: overlap match, one to one (gold and predicted spans of type T sorted by start; each
// gold span takes the first unused predicted span of type T that overlaps it): tp = matched pairs,
// fp = predicted spans left, fn = gold spans left; precision = tp/(tp+fp), recall = tp/(tp+fn), 1
// when the denominator is 0 (so check tp/fp/fn, and unsupportedTypes); micro = the same over the six
// types summed, with its F1; exact = the same with equal boundaries. decoyRowsHit = rows of category
// synthetic_decoy where any of the six types was predicted. Other gold types (PERSON,
// STREET_ADDRESS, ...) and other predicted types are ignored.
// Throughput (mbPerSecond) = UTF-8 MB of the texts screened / seconds spent in the detector calls,
// single thread, after a warm-up pass (the accuracy pass); median of TRIALS passes, interleaved
// across contenders. Span recovery and scoring are outside the timed loops. A peer whose accuracy
// pass takes more than SLOW_PASS_SECONDS would be timed on a fixed subsample (every k-th row) and
// its entry says so (throughputSample); on the DEV files none is that slow.
// Ours comes from the compiled dist (plugins/*/dist/src): evaluatePromptSafety(rows, { scorer }) for
// the scorers 'default' and 'parity' (without a classifier the default scorer is rules only; when
// the package exports loadDefaultClassifier(), a third variant, defaultWithClassifier, passes it),
// and evaluatePii(rows), called as our eval commands call them. They measure their own mbPerSecond
// (evaluatePromptSafety: seconds summed around each row's assessment, no cache; evaluatePii: its
// whole detect-and-mask loop, like the peers' redaction); they are called once as a warm-up, then
// TRIALS times interleaved with the peers (median), and their counts must agree.
//
// Peers, how each is driven, and how its output is mapped to our types:
//   - vard 1.2.0: vard.strict().safeParse(text) and vard().safeParse(text); pure regex, offline.
//   - aidefence 2.3.0: the npm package ships no text-level detector (the README's pattern and
//     injection detection is in the Rust crates). Its only decision API is the Express gateway's
//     AIMDSGateway#processRequest (dist/gateway/server.js), run in-process without listen(), with
//     the text as action.payload; its "embedding" hashes only action.type/resource/method and
//     source.ip, so the text never affects the decision. The bench checks that (the embeddings of
//     two different texts are equal), runs it on every row, and reports it with an error and outside
//     the best-peer choice. It logs through winston to stdout and to ./logs, so it runs with
//     LOG_LEVEL=error, stdout diverted to stderr and the working directory in a temporary folder.
//   - redact-pii 3.4.0: new SyncRedactor() (loaded from lib/SyncCompositeRedactor.js, so the Google
//     DLP module is never loaded) returns only redacted text. Spans are recovered by aligning the
//     output with the input: the literal runs of the output must appear in the input in order, each
//     placeholder covers the input between them (an anchored regex, lazy per placeholder; a token
//     that also occurs in the input may match literally). When a later rule rewrites an earlier
//     placeholder the recovered span is the union, with the later type. Types: EMAIL_ADDRESS->EMAIL,
//     PHONE_NUMBER->PHONE, US_SOCIAL_SECURITY_NUMBER->SSN, CREDIT_CARD_NUMBER->CREDIT_CARD,
//     IP_ADDRESS->IP_ADDRESS; it has no IBAN rule (unsupportedTypes); its other placeholders
//     (PERSON_NAME, STREET_ADDRESS, ZIPCODE, DIGITS, URL, USERNAME, PASSWORD, CREDENTIALS) are ignored.
//   - openredaction 1.1.5: new OpenRedaction({ enableLearning: false }) (the default learning store
//     reads and writes ./.openredaction/learnings.json; off for determinism), otherwise defaults:
//     regex patterns, context analysis, false-positive filter (on by default, whatever its .d.ts
//     says), no NER, no cache; await detect(text) gives detections with
//     UTF-16 positions (checked: positionMismatches). Types: EMAIL->EMAIL;
//     PHONE_US, PHONE_UK, PHONE_UK_MOBILE, PHONE_INTERNATIONAL, PHONE_LINE_NUMBER->PHONE; SSN->SSN;
//     CREDIT_CARD->CREDIT_CARD; IBAN, UK_BANK_ACCOUNT_IBAN->IBAN; IPV4, IPV6->IP_ADDRESS; its other
//     ~570 types are ignored. By design it drops e-mail addresses on example.* domains as test data
//     (its validator and false-positive filter); most gold addresses in the DEV file use them.
// Ratios (vsBestPeer): ours against the best peer (highest F1, or micro F1 for PII, among the peers
// that ran without error): f1Delta = ours - peer (also TPR/FPR or precision/recall deltas), and
// throughputRatio = ours / that peer (> 1: ours is faster); also against the fastest peer.
// Prints one JSON line; exits 1 when our evaluate functions are missing from the dist (the peer part
// is still printed, with "error" under ours).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vard from '@andersmyrmel/vard';
import { OpenRedaction } from 'openredaction';

const require = createRequire(import.meta.url);
const TRIALS = 3;
const SLOW_PASS_SECONDS = 10;
const PII_TYPES = ['EMAIL', 'PHONE', 'SSN', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'];
const DATASETS = process.env.AGENT_STUDIO_DATASETS ?? fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const OURS = {
  promptSafety: { path: '../plugins/prompt-safety/dist/src/index.js', name: 'evaluatePromptSafety', build: 'npx tsc -b plugins/prompt-safety' },
  pii: { path: '../plugins/pii-masking/dist/src/index.js', name: 'evaluatePii', build: 'npx tsc -b plugins/pii-masking' },
};

// ---------------------------------------------------------------- data and helpers
const readJsonl = (file) =>
  readFileSync(join(DATASETS, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
const piRows = readJsonl('prompt-injection.dev.jsonl');
const piiRows = readJsonl('pii.dev.jsonl');
const bytesOf = (texts) => texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
const piBytes = bytesOf(piRows.map((r) => r.text));
const piiBytes = bytesOf(piiRows.map((r) => r.text));
const labelOf = new Map(piRows.map((r) => [r.category, r.label]));
const r4 = (x) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 1e4) / 1e4);
const r2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 100) / 100);
const ratio = (a, b) => (b > 0 ? a / b : null);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pkg = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const errorText = (e) => (e instanceof Error ? e.message : String(e));

/** Rows timed for throughput: all of them, or every k-th when the accuracy pass was slow. */
function timingPlan(rows, accuracySeconds) {
  if (accuracySeconds <= SLOW_PASS_SECONDS) return { texts: rows.map((r) => r.text), sample: undefined };
  const k = Math.ceil(accuracySeconds / SLOW_PASS_SECONDS);
  const texts = rows.filter((_, i) => i % k === 0).map((r) => r.text);
  return { texts, sample: { rule: `every ${k}th row`, rows: texts.length, bytes: bytesOf(texts), reason: `accuracy pass took ${r2(accuracySeconds)} s` } };
}
/** MB/s of one timed pass of a synchronous detector. */
function timeSync(texts, detect) {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const t of texts) if (detect(t)) sink++;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('impossible'); // uses the results
  return bytesOf(texts) / 1e6 / seconds;
}
/** MB/s of one timed pass of an asynchronous detector (awaited one text at a time). */
async function timeAsync(texts, detect) {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const t of texts) if (await detect(t)) sink++;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('impossible');
  return bytesOf(texts) / 1e6 / seconds;
}
async function loadOurs({ path, name, build }) {
  try {
    const mod = await import(new URL(path, import.meta.url).href);
    if (typeof mod[name] === 'function') return { fn: mod[name], mod };
    return { error: `ours missing: ${fileURLToPath(new URL(path, import.meta.url))} does not export ${name}() (build: cd /work/main && ${build})` };
  } catch (e) {
    return { error: `ours missing: cannot import ${path}: ${errorText(e)} (build: cd /work/main && ${build})` };
  }
}

// ---------------------------------------------------------------- injection scoring
function injectionMetrics({ tp, fp, tn, fn }, perCategory) {
  const fprByBenignCategory = {};
  const tprByAttackCategory = {};
  for (const [cat, c] of Object.entries(perCategory).sort(([a], [b]) => a.localeCompare(b))) {
    if (labelOf.get(cat) === 0) fprByBenignCategory[cat] = r4(c.flagged / c.rows);
    else if (labelOf.get(cat) === 1) tprByAttackCategory[cat] = r4(c.flagged / c.rows);
  }
  return {
    tp,
    fp,
    tn,
    fn,
    tpr: r4(tp / (tp + fn)),
    fpr: r4(fp / (fp + tn)),
    f1: r4((2 * tp) / (2 * tp + fp + fn)),
    fprByBenignCategory,
    tprByAttackCategory,
  };
}
function scoreInjection(flagged) {
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const perCategory = {};
  piRows.forEach((row, i) => {
    const f = flagged[i];
    perCategory[row.category] ??= { rows: 0, flagged: 0 };
    perCategory[row.category].rows++;
    if (f) perCategory[row.category].flagged++;
    if (row.label === 1) f ? counts.tp++ : counts.fn++;
    else f ? counts.fp++ : counts.tn++;
  });
  return injectionMetrics(counts, perCategory);
}

// ---------------------------------------------------------------- PII scoring (as evaluatePii)
/** One-to-one greedy matching, both lists sorted by start (evaluatePii's rule); the matched pairs. */
function matchCount(gold, predicted, exact) {
  const used = new Array(predicted.length).fill(false);
  let tp = 0;
  for (const g of gold) {
    for (let i = 0; i < predicted.length; i++) {
      const p = predicted[i];
      if (used[i]) continue;
      if (p.start >= g.end) break;
      if (exact ? p.start === g.start && p.end === g.end : p.start < g.end && p.end > g.start) {
        used[i] = true;
        tp++;
        break;
      }
    }
  }
  return tp;
}
const byStart = (a, b) => a.start - b.start || a.end - b.end;
/** predicted[i]: the spans ({start, end, type} in our types, among the six) predicted on row i. */
function scorePii(predicted) {
  const empty = () => Object.fromEntries(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const overlap = empty();
  const exact = empty();
  let decoyRows = 0;
  let decoyRowsHit = 0;
  piiRows.forEach((row, i) => {
    if (row.category === 'synthetic_decoy') {
      decoyRows++;
      if (predicted[i].length > 0) decoyRowsHit++;
    }
    for (const type of PII_TYPES) {
      const gold = row.spans.filter((s) => s.type === type).sort(byStart);
      const pred = predicted[i].filter((p) => p.type === type).sort(byStart);
      for (const [counts, isExact] of [
        [overlap, false],
        [exact, true],
      ]) {
        const tp = matchCount(gold, pred, isExact);
        counts[type].tp += tp;
        counts[type].fp += pred.length - tp;
        counts[type].fn += gold.length - tp;
      }
    }
  });
  return { ...piiMetrics(overlap), decoyRows, decoyRowsHit, exact: { perType: piiMetrics(exact).perType } };
}
/** evaluatePii's rates (a rate with a zero denominator is 1), plus a micro average over the six types. */
function piiMetrics(perType) {
  const rate = (num, den) => (den === 0 ? 1 : num / den);
  const out = {};
  const sum = { tp: 0, fp: 0, fn: 0 };
  for (const t of PII_TYPES) {
    const { tp, fp, fn } = perType[t] ?? { tp: 0, fp: 0, fn: 0 };
    sum.tp += tp;
    sum.fp += fp;
    sum.fn += fn;
    out[t] = { tp, fp, fn, precision: r4(rate(tp, tp + fp)), recall: r4(rate(tp, tp + fn)) };
  }
  const precision = rate(sum.tp, sum.tp + sum.fp);
  const recall = rate(sum.tp, sum.tp + sum.fn);
  return { perType: out, micro: { ...sum, precision: r4(precision), recall: r4(recall), f1: r4(precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) } };
}

// ---------------------------------------------------------------- injection peers
const injectionPeers = {};
const injectionTimers = {}; // name -> () => MB/s (sync or async)

function vardPeer(name, guard, config) {
  try {
    const flagged = [];
    let lengthLimitFlags = 0;
    const t0 = process.hrtime.bigint();
    const results = piRows.map((r) => guard.safeParse(r.text));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const res of results) {
      flagged.push(!res.safe);
      if (!res.safe && res.threats.every((t) => t.match.startsWith('Input exceeds'))) lengthLimitFlags++;
    }
    const plan = timingPlan(piRows, seconds);
    injectionPeers[name] = { config, ...scoreInjection(flagged), lengthLimitFlags, ...(plan.sample ? { throughputSample: plan.sample } : {}) };
    injectionTimers[name] = () => timeSync(plan.texts, (t) => !guard.safeParse(t).safe);
  } catch (e) {
    injectionPeers[name] = { config, error: errorText(e) };
  }
}
vardPeer('vard strict', vard.strict(), 'vard.strict(): threshold 0.5, every threat type blocked, maxLength 10,000');
vardPeer('vard default', vard(), 'vard() = moderate preset: threshold 0.7, delimiterInjection and encoding sanitized (pass), the rest blocked, maxLength 10,000');

// aidefence: no text detector; drive the one decision API it has and record that (see header).
async function aidefencePeer() {
  const name = 'aidefence';
  const api = 'AIMDSGateway#processRequest (dist/gateway/server.js), in-process, no listen(), text as action.payload';
  const cwd = process.cwd();
  const work = mkdtempSync(join(tmpdir(), 'trust-bench-aidefence-'));
  const writeStdout = process.stdout.write;
  const logLevel = process.env.LOG_LEVEL;
  process.stdout.write = (...args) => process.stderr.write(...args);
  process.env.LOG_LEVEL = 'error';
  process.chdir(work);
  let gateway;
  try {
    const { AIMDSGateway } = require('aidefence/dist/gateway/server.js');
    gateway = new AIMDSGateway(
      { port: 0, host: '127.0.0.1', enableCors: false, enableCompression: false, rateLimit: { windowMs: 60_000, max: 100 }, timeouts: { request: 30_000, shutdown: 1_000 } },
      { path: ':memory:', embeddingDim: 384, hnswConfig: { m: 16, efConstruction: 200, efSearch: 100 }, quicSync: { enabled: false, port: 0, peers: [] }, memory: { maxEntries: 100_000, ttl: 86_400_000 } },
      { enableHashCons: true, enableDependentTypes: true, enableTheoremProving: true, cacheSize: 10_000, proofTimeout: 5_000 },
    );
    await gateway.initialize();
    const request = (text, i) => ({ id: `row-${i}`, timestamp: 1_767_225_600_000 + i, source: { ip: '127.0.0.1', headers: {} }, action: { type: 'prompt', resource: '/chat', method: 'POST', payload: { text } } });
    const attack = piRows.find((r) => r.label === 1).text;
    const benign = piRows.find((r) => r.label === 0).text;
    const [e1, e2] = [await gateway.generateEmbedding(request(attack, 0)), await gateway.generateEmbedding(request(benign, 1))];
    const embeddingDependsOnText = JSON.stringify(e1) !== JSON.stringify(e2);
    const flagged = [];
    for (let i = 0; i < piRows.length; i++) flagged.push(!(await gateway.processRequest(request(piRows[i].text, i))).allowed);
    const m = scoreInjection(flagged);
    injectionPeers[name] = {
      error:
        'no text-level prompt-injection detector in the npm package: its only decision API (AIMDSGateway#processRequest) embeds action.type/resource/method and source.ip, never the text, so it cannot tell what a text contains; measured anyway, excluded from the best peer, no throughput',
      api,
      embeddingDependsOnText,
      rowsBlocked: flagged.filter(Boolean).length,
      tp: m.tp,
      fp: m.fp,
      tn: m.tn,
      fn: m.fn,
      mbPerSecond: null,
    };
  } catch (e) {
    injectionPeers[name] = { error: `could not run offline: ${errorText(e)}`, api };
  } finally {
    try {
      await gateway?.shutdown();
    } catch {
      // best effort
    }
    process.chdir(cwd);
    process.stdout.write = writeStdout;
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
    rmSync(work, { recursive: true, force: true });
  }
}
await aidefencePeer();

// ---------------------------------------------------------------- PII peers
const piiPeers = {};
const piiTimers = {};

// redact-pii: redacted text only; spans recovered by aligning output and input (see header).
const REDACT_PII_TYPES = { EMAIL_ADDRESS: 'EMAIL', PHONE_NUMBER: 'PHONE', US_SOCIAL_SECURITY_NUMBER: 'SSN', CREDIT_CARD_NUMBER: 'CREDIT_CARD', IP_ADDRESS: 'IP_ADDRESS' };
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Spans of the input each placeholder of the output replaced, or undefined when they do not align. */
function recoverSpans(input, output, tokens) {
  const tokenRe = new RegExp(tokens.map(escapeRegExp).join('|'), 'g');
  let source = '^';
  const types = [];
  let last = 0;
  for (const m of output.matchAll(tokenRe)) {
    source += `${escapeRegExp(output.slice(last, m.index))}(?:${escapeRegExp(m[0])}|([\\s\\S]+?))`;
    types.push(m[0]);
    last = m.index + m[0].length;
  }
  if (types.length === 0) return input === output ? [] : undefined;
  source += `${escapeRegExp(output.slice(last))}$`;
  const match = new RegExp(source, 'd').exec(input);
  if (!match) return undefined;
  const spans = [];
  types.forEach((token, k) => {
    const at = match.indices[k + 1];
    if (at) spans.push({ start: at[0], end: at[1], token });
  });
  return spans;
}
try {
  const { SyncCompositeRedactor } = require('redact-pii/lib/SyncCompositeRedactor.js');
  const builtIns = require('redact-pii/lib/built-ins/simple-regexp-patterns.js');
  // The placeholders: snake_case(upper) of each built-in rule name (as the library names them), plus the name rule's.
  const tokens = [...Object.keys(builtIns).map((k) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()), 'PERSON_NAME'].sort((a, b) => b.length - a.length);
  const redactor = new SyncCompositeRedactor();
  const t0 = process.hrtime.bigint();
  const outputs = piiRows.map((r) => redactor.redact(r.text));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let alignmentFailures = 0;
  const predicted = piiRows.map((row, i) => {
    const spans = recoverSpans(row.text, outputs[i], tokens);
    if (spans === undefined) {
      alignmentFailures++;
      return [];
    }
    return spans.filter((s) => REDACT_PII_TYPES[s.token]).map((s) => ({ start: s.start, end: s.end, type: REDACT_PII_TYPES[s.token] }));
  });
  const plan = timingPlan(piiRows, seconds);
  piiPeers['redact-pii'] = {
    api: 'new SyncRedactor().redact(text) (lib/SyncCompositeRedactor.js; never the Google DLP redactor); spans recovered by diffing',
    ...scorePii(predicted),
    unsupportedTypes: ['IBAN'],
    alignmentFailures,
    ...(plan.sample ? { throughputSample: plan.sample } : {}),
  };
  piiTimers['redact-pii'] = () => timeSync(plan.texts, (t) => redactor.redact(t).length);
} catch (e) {
  piiPeers['redact-pii'] = { error: errorText(e) };
}

// openredaction: detections with positions.
const OPENREDACTION_TYPES = {
  EMAIL: 'EMAIL',
  PHONE_US: 'PHONE',
  PHONE_UK: 'PHONE',
  PHONE_UK_MOBILE: 'PHONE',
  PHONE_INTERNATIONAL: 'PHONE',
  PHONE_LINE_NUMBER: 'PHONE',
  SSN: 'SSN',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN: 'IBAN',
  UK_BANK_ACCOUNT_IBAN: 'IBAN',
  IPV4: 'IP_ADDRESS',
  IPV6: 'IP_ADDRESS',
};
try {
  const redactor = new OpenRedaction({ enableLearning: false });
  const t0 = process.hrtime.bigint();
  const results = [];
  for (const row of piiRows) results.push(await redactor.detect(row.text));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let positionMismatches = 0;
  const predicted = piiRows.map((row, i) =>
    results[i].detections.flatMap((d) => {
      const [start, end] = d.position;
      if (row.text.slice(start, end) !== d.value) positionMismatches++;
      const type = OPENREDACTION_TYPES[d.type];
      return type ? [{ start, end, type }] : [];
    }),
  );
  const plan = timingPlan(piiRows, seconds);
  piiPeers.openredaction = {
    api: "await new OpenRedaction({ enableLearning: false }).detect(text): default options (regex patterns, context analysis, false-positive filter, no NER, no cache), 'placeholder' mode; drops e-mail addresses on example.* domains by design",
    ...scorePii(predicted),
    positionMismatches,
    ...(plan.sample ? { throughputSample: plan.sample } : {}),
  };
  piiTimers.openredaction = () => timeAsync(plan.texts, async (t) => (await redactor.detect(t)).detections.length);
} catch (e) {
  piiPeers.openredaction = { error: errorText(e) };
}

// ---------------------------------------------------------------- ours
const promptSafety = await loadOurs(OURS.promptSafety);
const pii = await loadOurs(OURS.pii);
const ourInjection = {};
const ourPii = {};
const ourInjectionRuns = {}; // scorer -> [results]
const ourPiiRuns = [];
// The variants: the brief's two scorers, plus the default scorer with the shipped classifier when
// the package exports loadDefaultClassifier() (evaluatePromptSafety uses the rules only without one).
const ourVariants = {}; // name -> evaluatePromptSafety options
if (promptSafety.fn) {
  ourVariants.default = { scorer: 'default' };
  ourVariants.parity = { scorer: 'parity' };
  if (typeof promptSafety.mod.loadDefaultClassifier === 'function') {
    try {
      ourVariants.defaultWithClassifier = { scorer: 'default', classifier: await promptSafety.mod.loadDefaultClassifier() };
    } catch (e) {
      ourInjection.defaultWithClassifier = { error: `loadDefaultClassifier() failed: ${errorText(e)}` };
    }
  }
  for (const [variant, options] of Object.entries(ourVariants)) {
    ourInjectionRuns[variant] = [];
    injectionTimers[`ours ${variant}`] = async () => {
      const res = await promptSafety.fn(piRows, options);
      ourInjectionRuns[variant].push(res);
      return res.mbPerSecond;
    };
  }
} else ourInjection.error = promptSafety.error;
if (pii.fn) {
  piiTimers.ours = async () => {
    const res = await pii.fn(piiRows);
    ourPiiRuns.push(res);
    return res.mbPerSecond;
  };
} else ourPii.error = pii.error;

// Warm-up pass of ours (the peers' warm-up was their accuracy pass); its counts are checked too.
for (const [variant, options] of Object.entries(ourVariants)) {
  try {
    ourInjectionRuns[variant].push(await promptSafety.fn(piRows, options));
  } catch (e) {
    ourInjection.error = `evaluatePromptSafety(rows, { scorer: '${options.scorer}' }) failed (${variant}): ${errorText(e)}`;
    delete injectionTimers[`ours ${variant}`];
  }
}
if (pii.fn) {
  try {
    ourPiiRuns.push(await pii.fn(piiRows));
  } catch (e) {
    ourPii.error = `evaluatePii(rows) failed: ${errorText(e)}`;
    delete piiTimers.ours;
  }
}

// ---------------------------------------------------------------- throughput trials, interleaved
const samples = { injection: {}, pii: {} };
for (let t = 0; t < TRIALS; t++) {
  for (const [group, timers] of [
    ['injection', injectionTimers],
    ['pii', piiTimers],
  ]) {
    for (const [name, run] of Object.entries(timers)) {
      globalThis.gc?.();
      try {
        const mbs = await run();
        samples[group][name] ??= [];
        samples[group][name].push(mbs);
      } catch (e) {
        const target = group === 'injection' ? (name.startsWith('ours') ? ourInjection : injectionPeers[name]) : name === 'ours' ? ourPii : piiPeers[name];
        target.error = `throughput pass failed: ${errorText(e)}`;
        delete timers[name];
      }
    }
  }
}
const mbps = (group, name) => (samples[group][name]?.length ? r2(median(samples[group][name])) : null);
for (const name of Object.keys(injectionPeers)) if (!injectionPeers[name].error) injectionPeers[name].mbPerSecond = mbps('injection', name);
for (const name of Object.keys(piiPeers)) if (!piiPeers[name].error) piiPeers[name].mbPerSecond = mbps('pii', name);

/** The counts of every run must agree (the evaluate functions are deterministic). */
const sameCounts = (runs, pick) => runs.every((r) => JSON.stringify(pick(r)) === JSON.stringify(pick(runs[0])));
for (const [variant, runs] of Object.entries(ourInjectionRuns)) {
  if (runs.length === 0) continue;
  const first = runs[0];
  ourInjection[variant] = {
    call: `evaluatePromptSafety(rows, { scorer: '${ourVariants[variant].scorer}'${ourVariants[variant].classifier ? ', classifier: loadDefaultClassifier()' : ''} })`,
    ...injectionMetrics(first, first.perCategory ?? {}),
    rows: first.rows,
    mbPerSecond: mbps('injection', `ours ${variant}`),
    ...(sameCounts(runs, (r) => [r.tp, r.fp, r.tn, r.fn]) ? {} : { error: 'counts differ between runs' }),
  };
  if (first.rows !== undefined && first.rows !== piRows.length) ourInjection[variant].error = `evaluated ${first.rows} rows, the DEV file has ${piRows.length}`;
}
if (ourPiiRuns.length > 0) {
  const first = ourPiiRuns[0];
  Object.assign(ourPii, {
    ...piiMetrics(first.perType ?? {}),
    decoyRows: first.decoyRows,
    decoyRowsHit: first.decoyRowsHit,
    mbPerSecond: mbps('pii', 'ours'),
    match: first.match,
    exact: first.exact ? { perType: piiMetrics(first.exact.perType ?? {}).perType } : undefined,
    ...(sameCounts(ourPiiRuns, (r) => [r.perType, r.decoyRowsHit]) ? {} : { error: 'counts differ between runs' }),
  });
}

// ---------------------------------------------------------------- ratios
function best(peers, score) {
  const ok = Object.entries(peers).filter(([, p]) => !p.error);
  if (ok.length === 0) return {};
  const byScore = [...ok].sort(([, a], [, b]) => score(b) - score(a))[0];
  const bySpeed = [...ok].sort(([, a], [, b]) => (b.mbPerSecond ?? 0) - (a.mbPerSecond ?? 0))[0];
  return { bestName: byScore[0], bestPeer: byScore[1], fastestName: bySpeed[0], fastestPeer: bySpeed[1] };
}
const injBest = best(injectionPeers, (p) => p.f1);
const injectionVsBestPeer = { bestPeer: injBest.bestName ?? null, fastestPeer: injBest.fastestName ?? null };
for (const variant of Object.keys(ourInjectionRuns)) {
  const o = ourInjection[variant];
  if (!o || o.error || !injBest.bestPeer) continue;
  injectionVsBestPeer[variant] = {
    f1Delta: r4(o.f1 - injBest.bestPeer.f1),
    tprDelta: r4(o.tpr - injBest.bestPeer.tpr),
    fprDelta: r4(o.fpr - injBest.bestPeer.fpr),
    throughputRatio: r2(ratio(o.mbPerSecond, injBest.bestPeer.mbPerSecond)),
    throughputRatioVsFastestPeer: r2(ratio(o.mbPerSecond, injBest.fastestPeer.mbPerSecond)),
  };
}
const piiBest = best(piiPeers, (p) => p.micro.f1);
const piiVsBestPeer = { bestPeer: piiBest.bestName ?? null, fastestPeer: piiBest.fastestName ?? null };
if (ourPii.micro && piiBest.bestPeer) {
  Object.assign(piiVsBestPeer, {
    microF1Delta: r4(ourPii.micro.f1 - piiBest.bestPeer.micro.f1),
    microPrecisionDelta: r4(ourPii.micro.precision - piiBest.bestPeer.micro.precision),
    microRecallDelta: r4(ourPii.micro.recall - piiBest.bestPeer.micro.recall),
    recallDeltaByType: Object.fromEntries(PII_TYPES.map((t) => [t, r4((ourPii.perType[t].recall ?? 0) - (piiBest.bestPeer.perType[t].recall ?? 0))])),
    decoyRowsHitDelta: ourPii.decoyRowsHit - piiBest.bestPeer.decoyRowsHit,
    throughputRatio: r2(ratio(ourPii.mbPerSecond, piiBest.bestPeer.mbPerSecond)),
    throughputRatioVsFastestPeer: r2(ratio(ourPii.mbPerSecond, piiBest.fastestPeer.mbPerSecond)),
  });
}

// ---------------------------------------------------------------- output
const goldSpans = Object.fromEntries(PII_TYPES.map((t) => [t, piiRows.reduce((n, r) => n + r.spans.filter((s) => s.type === t).length, 0)]));
console.log(
  JSON.stringify({
    bench: 'trust',
    datasets: {
      injection: { file: 'prompt-injection.dev.jsonl', rows: piRows.length, positives: piRows.filter((r) => r.label === 1).length, negatives: piRows.filter((r) => r.label === 0).length, mb: r2(piBytes / 1e6) },
      pii: { file: 'pii.dev.jsonl', rows: piiRows.length, mb: r2(piiBytes / 1e6), goldSpans, decoyRows: piiRows.filter((r) => r.category === 'synthetic_decoy').length },
    },
    trials: TRIALS,
    injection: { ours: ourInjection, peers: injectionPeers, vsBestPeer: injectionVsBestPeer },
    pii: { ours: ourPii, peers: piiPeers, vsBestPeer: piiVsBestPeer },
    versions: { node: process.versions.node, '@andersmyrmel/vard': pkg('@andersmyrmel/vard'), aidefence: pkg('aidefence'), 'redact-pii': pkg('redact-pii'), openredaction: pkg('openredaction'), '@openredaction/core': pkg('@openredaction/core') },
  }),
);
const missing = [ourInjection.error, ourPii.error].filter(Boolean);
if (missing.length > 0) {
  console.error(`trust: ${missing.join('; ')}`);
  process.exitCode = 1;
}
