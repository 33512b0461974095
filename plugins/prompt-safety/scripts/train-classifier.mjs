#!/usr/bin/env node
// Trains the prompt-injection classifier shipped in data/injection-classifier.json.
//
//   npx tsc -b plugins/prompt-safety        # the featuriser is imported from dist/, build first
//   node plugins/prompt-safety/scripts/train-classifier.mjs \
//     --data /work/shared/datasets/prompt-injection.dev.jsonl \
//     --out plugins/prompt-safety/data/injection-classifier.json
//
// Deterministic: no clock, no Math.random, fixed iteration counts and summation order, so two runs
// on the same data produce byte-identical output. The report (grouped cross-validation, threshold,
// per-category rates, leave-one-family-out) goes to stderr.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const DIST = new URL('../dist/src/classifier/', import.meta.url);
let lib;
try {
  lib = await import(new URL('index.js', DIST).href);
} catch (cause) {
  throw new Error('The compiled classifier is missing: run `npx tsc -b plugins/prompt-safety` first.', { cause });
}
const { HashedLogisticClassifier, HashedFeatureConfigSchema, InjectionClassifierModelSchema, INJECTION_CLASSIFIER_FORMAT_VERSION, windowFeatureSets } = lib;

// ---------------------------------------------------------------------------------------------
// Settings (all of them end up in the data file's `training.settings`).
// ---------------------------------------------------------------------------------------------
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    folds: { type: 'string', default: '5' },
    bits: { type: 'string', default: '18' },
    ngram: { type: 'string', default: '4-4' },
    words: { type: 'string', default: '2' },
    chunk: { type: 'string', default: '512' },
    window: { type: 'string', default: '4' },
    l2: { type: 'string', default: '3e-5' },
    iterations: { type: 'string', default: '100' },
    mil: { type: 'string', default: '1' },
    balance: { type: 'string', default: '0.75' },
    'prefix-chars': { type: 'string', default: '600' },
    'prefix-weight': { type: 'string', default: '1' },
    'cluster-weight': { type: 'string', default: '0.5' },
    'target-fpr': { type: 'string', default: '0.02' },
    'target-category-fpr': { type: 'string', default: '0.08' },
    'no-lofo': { type: 'boolean', default: false },
    'oof-out': { type: 'string' },
  },
});
if (!args.data) throw new Error('--data <prompt-injection.dev.jsonl> is required');
const [ngMin, ngMax] = args.ngram.split('-').map(Number);
const FEATURES = HashedFeatureConfigSchema.parse({
  bucketBits: Number(args.bits),
  charNgramMin: ngMin,
  charNgramMax: ngMax ?? ngMin,
  wordNgramMax: Number(args.words),
  chunkChars: Number(args.chunk),
  windowChunks: Number(args.window),
  seed: 0x5eed,
});
const SETTINGS = {
  optimiser: 'L-BFGS (m=6, Armijo backtracking), fixed iteration count',
  iterations: Number(args.iterations),
  l2: Number(args.l2),
  milRounds: Number(args.mil),
  categoryBalance: Number(args.balance),
  prefixChars: Number(args['prefix-chars']),
  prefixWeight: Number(args['prefix-weight']),
  clusterWeightExponent: Number(args['cluster-weight']),
  classBalance: 'positives and negatives carry equal total weight',
  windows: 'every window of a row is an example, a row weight split evenly over its windows; then MIL rounds: a positive row weighs only on its top window',
  prefixAugmentation: 'a positive row longer than 2 x prefixChars adds its first prefixChars as an extra positive example (weight prefixWeight x row weight)',
  quantisation: 'int8, scale = max|w| / 127',
  folds: Number(args.folds),
  foldSeed: 1338,
  clustering: 'MinHash 64 hashes / 16 bands over word 5-gram shingles, linked at shingle Jaccard >= 0.5',
  targetFpr: Number(args['target-fpr']),
  targetCategoryFpr: Number(args['target-category-fpr']),
};
const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);

// ---------------------------------------------------------------------------------------------
// Data.
// ---------------------------------------------------------------------------------------------
const raw = readFileSync(args.data);
const dataSha256 = createHash('sha256').update(raw).digest('hex');
const rows = raw
  .toString('utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const labels = Uint8Array.from(rows, (r) => (r.label === 1 ? 1 : 0));
const categories = [...new Set(rows.map((r) => r.category))].sort();
log(`data: ${rows.length} rows, ${labels.reduce((a, b) => a + b, 0)} positive, sha256 ${dataSha256}`);

// ---------------------------------------------------------------------------------------------
// Deterministic helpers.
// ---------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function fmix32(x) {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function strHash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

// ---------------------------------------------------------------------------------------------
// Near-duplicate clusters (as the dataset README describes): MinHash over word 5-gram shingles,
// candidate pairs from 16 bands of 4 rows, linked when the exact shingle Jaccard is >= 0.5.
// ---------------------------------------------------------------------------------------------
function clusterRows() {
  const shingles = rows.map((r) => {
    const words = r.text.toLowerCase().split(/\s+/).filter(Boolean);
    const set = new Set();
    if (words.length < 5) set.add(strHash(words.join(' ')));
    for (let i = 0; i + 5 <= words.length; i++) set.add(strHash(words.slice(i, i + 5).join(' ')));
    return set;
  });
  const HASHES = 64;
  const BANDS = 16;
  const ROWS_PER_BAND = HASHES / BANDS;
  const parent = Int32Array.from(rows, (_, i) => i);
  const find = (start) => {
    let i = start;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a, b) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const signatures = shingles.map((set) => {
    const sig = new Uint32Array(HASHES).fill(0xffffffff);
    for (const s of set) for (let h = 0; h < HASHES; h++) sig[h] = Math.min(sig[h], fmix32(s ^ Math.imul(h + 1, 0x9e3779b1)));
    return sig;
  });
  const jaccard = (a, b) => {
    let inter = 0;
    for (const x of a) if (b.has(x)) inter++;
    return inter / (a.size + b.size - inter);
  };
  const checked = new Set();
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map();
    signatures.forEach((sig, i) => {
      const key = Array.from(sig.subarray(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND)).join(',');
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    });
    for (const list of buckets.values()) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const key = list[a] * rows.length + list[b];
          if (checked.has(key)) continue;
          checked.add(key);
          if (find(list[a]) !== find(list[b]) && jaccard(shingles[list[a]], shingles[list[b]]) >= 0.5) union(list[a], list[b]);
        }
      }
    }
  }
  return Int32Array.from(rows, (_, i) => find(i));
}

// ---------------------------------------------------------------------------------------------
// Folds: whole clusters, stratified by category (greedy: largest clusters first, each to the fold
// that has the fewest rows of the cluster's main category, ties by a seeded shuffle).
// ---------------------------------------------------------------------------------------------
function makeFolds(cluster, k, seed) {
  const members = new Map();
  cluster.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  const random = mulberry32(seed);
  const groups = [...members.values()].map((list) => ({ list, tie: random() }));
  groups.sort((a, b) => b.list.length - a.list.length || a.tie - b.tie);
  const perFold = Array.from({ length: k }, () => new Map());
  const sizes = new Array(k).fill(0);
  const fold = new Int32Array(rows.length);
  for (const { list } of groups) {
    const counts = new Map();
    for (const i of list) counts.set(rows[i].category, (counts.get(rows[i].category) ?? 0) + 1);
    const main = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    let best = 0;
    for (let f = 1; f < k; f++) {
      const cf = perFold[f].get(main) ?? 0;
      const cb = perFold[best].get(main) ?? 0;
      if (cf < cb || (cf === cb && sizes[f] < sizes[best])) best = f;
    }
    for (const i of list) {
      fold[i] = best;
      perFold[best].set(rows[i].category, (perFold[best].get(rows[i].category) ?? 0) + 1);
    }
    sizes[best] += list.length;
  }
  return fold;
}

// ---------------------------------------------------------------------------------------------
// Features: every scoring window of every row (the runtime's windows), as CSR.
// ---------------------------------------------------------------------------------------------
function featurise() {
  // Prefix augmentation: a positive row longer than PREFIX_CHARS also contributes its opening
  // PREFIX_CHARS as an extra positive example (an attack's set-up is usually at its start, and
  // short versions of long jailbreaks should score too). Extra examples keep a fixed weight share
  // and are not part of the multiple-instance selection.
  const windowsOf = rows.map((r) => windowFeatureSets(r.text, FEATURES).map((w) => ({ w, extra: false })));
  if (SETTINGS.prefixChars > 0) {
    rows.forEach((r, i) => {
      if (labels[i] === 1 && r.text.length > 2 * SETTINGS.prefixChars) {
        for (const w of windowFeatureSets(r.text.slice(0, SETTINGS.prefixChars), FEATURES)) windowsOf[i].push({ w, extra: true });
      }
    });
  }
  let nnz = 0;
  let examples = 0;
  for (const ws of windowsOf) {
    examples += ws.length;
    for (const { w } of ws) nnz += w.length;
  }
  const indices = new Int32Array(nnz);
  const offsets = new Int32Array(examples + 1);
  const rowOf = new Int32Array(examples);
  const extra = new Uint8Array(examples);
  const value = new Float64Array(examples);
  let e = 0;
  let p = 0;
  windowsOf.forEach((ws, i) => {
    for (const { w, extra: isExtra } of ws) {
      indices.set(w, p);
      p += w.length;
      rowOf[e] = i;
      extra[e] = isExtra ? 1 : 0;
      value[e] = w.length === 0 ? 0 : 1 / Math.sqrt(w.length);
      offsets[++e] = p;
    }
  });
  const windowsPerRow = Int32Array.from(windowsOf, (ws) => ws.filter((x) => !x.extra).length);
  return { indices, offsets, rowOf, extra, value, windowsPerRow, examples };
}

// ---------------------------------------------------------------------------------------------
// Logistic regression, L-BFGS.
// ---------------------------------------------------------------------------------------------
function windowLogits(X, model) {
  const { indices, offsets, value, examples } = X;
  const z = new Float64Array(examples);
  for (let e = 0; e < examples; e++) {
    let s = 0;
    for (let p = offsets[e]; p < offsets[e + 1]; p++) s += model.weights[indices[p]];
    z[e] = model.bias + s * value[e];
  }
  return z;
}

// Multiple-instance training: first every window of a row is an example (the row's weight split
// evenly); then, for MIL_ROUNDS rounds, a positive row's weight goes to its highest-scoring window
// only (the runtime scores a text by its highest window), negatives keep all their windows.
function train(X, rowWeight) {
  const { rowOf, extra, windowsPerRow, examples } = X;
  const exWeight = new Float64Array(examples);
  for (let e = 0; e < examples; e++) exWeight[e] = extra[e] ? rowWeight[rowOf[e]] * SETTINGS.prefixWeight : rowWeight[rowOf[e]] / windowsPerRow[rowOf[e]];
  let model = fit(X, exWeight, SETTINGS.iterations, SETTINGS.l2);
  for (let round = 0; round < SETTINGS.milRounds; round++) {
    const z = windowLogits(X, model);
    const best = new Int32Array(rows.length).fill(-1);
    for (let e = 0; e < examples; e++) {
      const i = rowOf[e];
      if (!extra[e] && (best[i] < 0 || z[e] > z[best[i]])) best[i] = e;
    }
    for (let e = 0; e < examples; e++) {
      const i = rowOf[e];
      if (!extra[e] && labels[i] === 1 && windowsPerRow[i] > 1) exWeight[e] = best[i] === e ? rowWeight[i] : 0;
    }
    model = fit(X, exWeight, SETTINGS.iterations, SETTINGS.l2);
  }
  return model;
}

function fit(X, exampleWeight, iterations, l2) {
  const dim = 2 ** FEATURES.bucketBits;
  const n = dim + 1; // last entry: bias
  const { indices, offsets, rowOf, value, examples } = X;
  const exWeight = new Float64Array(examples);
  let total = 0;
  for (let e = 0; e < examples; e++) total += exampleWeight[e];
  for (let e = 0; e < examples; e++) exWeight[e] = exampleWeight[e] / total;
  const active = [];
  for (let e = 0; e < examples; e++) if (exWeight[e] > 0) active.push(e);

  const evaluate = (w, grad) => {
    grad.fill(0);
    let loss = 0;
    const bias = w[dim];
    for (const e of active) {
      let z = 0;
      for (let p = offsets[e]; p < offsets[e + 1]; p++) z += w[indices[p]];
      z = bias + z * value[e];
      const y = labels[rowOf[e]];
      // log(1 + exp(-m)) with m = (2y - 1) z, computed stably.
      const m = y === 1 ? z : -z;
      loss += exWeight[e] * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
      const pr = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const g = exWeight[e] * (pr - y);
      grad[dim] += g;
      const gv = g * value[e];
      for (let p = offsets[e]; p < offsets[e + 1]; p++) grad[indices[p]] += gv;
    }
    let reg = 0;
    for (let j = 0; j < dim; j++) {
      reg += w[j] * w[j];
      grad[j] += l2 * w[j];
    }
    return loss + 0.5 * l2 * reg;
  };

  const M = 6;
  const w = new Float64Array(n);
  const g = new Float64Array(n);
  const wNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const S = [];
  const Y = [];
  const rho = [];
  const alpha = new Float64Array(M);
  const dot = (a, b) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[j] * b[j];
    return s;
  };
  let f = evaluate(w, g);
  for (let it = 0; it < iterations; it++) {
    // Two-loop recursion.
    for (let j = 0; j < n; j++) dir[j] = -g[j];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      const yk = Y[k];
      for (let j = 0; j < n; j++) dir[j] -= alpha[k] * yk[j];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let j = 0; j < n; j++) dir[j] *= gamma;
    } else {
      const norm = Math.sqrt(dot(g, g));
      for (let j = 0; j < n; j++) dir[j] /= norm;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      const sk = S[k];
      for (let j = 0; j < n; j++) dir[j] += (alpha[k] - beta) * sk[j];
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      const norm = Math.sqrt(dot(g, g));
      for (let j = 0; j < n; j++) dir[j] = -g[j] / norm;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = 0;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) wNew[j] = w[j] + step * dir[j];
      fNew = evaluate(wNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = wNew[j] - w[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > M) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    w.set(wNew);
    g.set(gNew);
    f = fNew;
  }
  return { weights: w.subarray(0, dim), bias: w[dim], loss: f };
}

function quantise(model) {
  let max = 0;
  for (const v of model.weights) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(model.weights.length);
  for (let j = 0; j < q.length; j++) q[j] = Math.max(-127, Math.min(127, Math.round(model.weights[j] / scale)));
  return { q, scale, bias: model.bias };
}

function toDataFile(quantised, threshold, crossValidation) {
  const weights = Buffer.from(quantised.q.buffer, quantised.q.byteOffset, quantised.q.byteLength).toString('base64');
  const digest = createHash('sha256').update(weights).update(String(quantised.bias)).update(String(quantised.scale)).digest('hex');
  return {
    formatVersion: INJECTION_CLASSIFIER_FORMAT_VERSION,
    version: `hashed-lr-${digest.slice(0, 12)}`,
    features: FEATURES,
    bias: quantised.bias,
    weightScale: quantised.scale,
    weights,
    threshold,
    training: {
      dataSha256,
      rows: rows.length,
      positives: labels.reduce((a, b) => a + b, 0),
      negatives: rows.length - labels.reduce((a, b) => a + b, 0),
      settings: SETTINGS,
    },
    crossValidation,
  };
}

function classifierOf(quantised) {
  return HashedLogisticClassifier.fromJson(toDataFile(quantised, 0.5, {}), 'training');
}

// ---------------------------------------------------------------------------------------------
// Row weights: near-duplicate clusters count as 1 / size^exponent each row, then both classes
// carry equal total weight.
// ---------------------------------------------------------------------------------------------
function rowWeights(cluster, include) {
  const size = new Map();
  cluster.forEach((c, i) => {
    if (include(i)) size.set(c, (size.get(c) ?? 0) + 1);
  });
  const w = new Float64Array(rows.length);
  const perCategory = new Map();
  for (let i = 0; i < rows.length; i++) {
    if (!include(i)) continue;
    w[i] = 1 / size.get(cluster[i]) ** SETTINGS.clusterWeightExponent;
    perCategory.set(rows[i].category, (perCategory.get(rows[i].category) ?? 0) + w[i]);
  }
  // Each category's total weight moves towards the class mean by the balance factor (0: as sampled, 1: all equal).
  const classTotals = [0, 0];
  const classCategories = [0, 0];
  for (const [c, t] of perCategory) {
    const label = rows.find((r) => r.category === c).label === 1 ? 1 : 0;
    classTotals[label] += t;
    classCategories[label]++;
  }
  const factor = new Map();
  for (const [c, t] of perCategory) {
    const label = rows.find((r) => r.category === c).label === 1 ? 1 : 0;
    const target = (t / classTotals[label]) ** (1 - SETTINGS.categoryBalance) * (1 / classCategories[label]) ** SETTINGS.categoryBalance;
    factor.set(c, target / t);
  }
  for (let i = 0; i < rows.length; i++) if (w[i] > 0) w[i] *= factor.get(rows[i].category);
  return w;
}

// ---------------------------------------------------------------------------------------------
// Metrics.
// ---------------------------------------------------------------------------------------------
const round4 = (x) => Math.round(x * 1e4) / 1e4;
function rates(scores, threshold, subset = null) {
  const perCategory = {};
  let tp = 0;
  let fp = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < rows.length; i++) {
    if (subset && !subset(i)) continue;
    const hit = scores[i] >= threshold;
    perCategory[rows[i].category] ??= { n: 0, flagged: 0, label: labels[i] };
    const c = perCategory[rows[i].category];
    c.n++;
    if (hit) c.flagged++;
    if (labels[i] === 1) {
      pos++;
      if (hit) tp++;
    } else {
      neg++;
      if (hit) fp++;
    }
  }
  return { tpr: tp / pos, fpr: fp / neg, perCategory };
}
function chooseThreshold(scores) {
  // The lowest threshold (from the observed scores) meeting both FPR targets.
  const negatives = [];
  for (let i = 0; i < rows.length; i++) if (labels[i] === 0) negatives.push(scores[i]);
  const candidates = [...new Set(negatives)].sort((a, b) => b - a);
  let best = 1 - 1e-9;
  for (const s of candidates) {
    const t = Math.min(1 - 1e-9, s + 1e-9);
    const r = rates(scores, t);
    const worst = Math.max(...Object.values(r.perCategory).filter((c) => c.label === 0).map((c) => c.flagged / c.n));
    if (r.fpr <= SETTINGS.targetFpr && worst <= SETTINGS.targetCategoryFpr) best = t;
    else break;
  }
  return best;
}
function auc(scores) {
  const idx = rows.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let pos = 0;
  for (let r = 0; r < idx.length; ) {
    let e = r;
    while (e + 1 < idx.length && scores[idx[e + 1]] === scores[idx[r]]) e++;
    const avg = (r + e) / 2 + 1;
    for (let k = r; k <= e; k++) if (labels[idx[k]] === 1) {
      rankSum += avg;
      pos++;
    }
    r = e + 1;
  }
  const neg = rows.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

// ---------------------------------------------------------------------------------------------
// Main.
// ---------------------------------------------------------------------------------------------
const t0 = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
const cluster = clusterRows();
const clusterCount = new Set(cluster).size;
log(`clusters: ${clusterCount} (${rows.length - clusterCount} rows joined a near-duplicate cluster) [${seconds().toFixed(1)} s]`);
const X = featurise();
log(`features: ${X.examples} windows, ${X.indices.length} non-zeros [${seconds().toFixed(1)} s]`);

const K = SETTINGS.folds;
const fold = makeFolds(cluster, K, SETTINGS.foldSeed);
const oof = new Float64Array(rows.length);
for (let f = 0; f < K; f++) {
  const model = train(X, rowWeights(cluster, (i) => fold[i] !== f));
  const classifier = classifierOf(quantise(model));
  for (let i = 0; i < rows.length; i++) if (fold[i] === f) oof[i] = classifier.score(rows[i].text);
  log(`fold ${f + 1}/${K}: loss ${model.loss.toFixed(4)} [${seconds().toFixed(1)} s]`);
}
const threshold = chooseThreshold(oof);
const cv = rates(oof, threshold);
if (args['oof-out']) {
  // the out-of-fold scores, one per row in file order, to estimate the whole detector (rules + classifier) on unseen rows
  writeFileSync(args['oof-out'], `${JSON.stringify({ threshold, scores: rows.map((r, i) => ({ id: r.id, score: oof[i] })) })}\n`);
}
const report = {
  method: `${K}-fold cross-validation grouped by near-duplicate cluster, stratified by category; out-of-fold scores from int8-quantised fold models`,
  auc: round4(auc(oof)),
  threshold: Math.ceil(threshold * 1e4) / 1e4,
  tpr: round4(cv.tpr),
  fpr: round4(cv.fpr),
  perCategory: Object.fromEntries(
    Object.entries(cv.perCategory)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([c, v]) => [c, { rows: v.n, [v.label === 1 ? 'tpr' : 'fpr']: round4(v.flagged / v.n) }]),
  ),
};
log(`\ngrouped CV: AUC ${report.auc}; threshold ${report.threshold}: TPR ${report.tpr}, FPR ${report.fpr}`);
for (const [c, v] of Object.entries(report.perCategory)) log(`  ${c.padEnd(34)} ${String(v.rows).padStart(4)}  ${'tpr' in v ? `TPR ${v.tpr.toFixed(3)}` : `FPR ${v.fpr.toFixed(3)}`}`);
{
  const neg = [...oof].filter((_, i) => labels[i] === 0).sort((a, b) => b - a);
  for (const target of [0.01, 0.02, 0.03, 0.05]) {
    const t = neg[Math.floor(target * neg.length)] + 1e-9;
    const r = rates(oof, t);
    const worst = Object.entries(r.perCategory).filter(([, c]) => c.label === 0).map(([k, c]) => [k, c.flagged / c.n]).sort((a, b) => b[1] - a[1])[0];
    log(`  SUMMARY FPR<=${target}: thr ${t.toFixed(3)} TPR ${r.tpr.toFixed(3)} FPR ${r.fpr.toFixed(3)} worst ${worst[0]} ${worst[1].toFixed(3)} | ${Object.entries(r.perCategory).filter(([, c]) => c.label === 1).map(([k, c]) => `${k.slice(0, 12)} ${(c.flagged / c.n).toFixed(2)}`).join(' ')}`);
  }
}
for (const t of [0.3, 0.5, 0.7, 0.9]) {
  const r = rates(oof, t);
  log(`  at ${t}: TPR ${r.tpr.toFixed(3)} FPR ${r.fpr.toFixed(3)}`);
}

if (!args['no-lofo']) {
  report.leaveOneFamilyOut = {};
  log('\nleave-one-positive-family-out (trained without the family and its clusters; TPR at the CV threshold):');
  const positiveCategories = categories.filter((c) => rows.some((r) => r.category === c && r.label === 1));
  for (const c of positiveCategories) {
    const held = new Set();
    rows.forEach((r, i) => {
      if (r.category === c) held.add(cluster[i]);
    });
    const model = train(X, rowWeights(cluster, (i) => !held.has(cluster[i])));
    const classifier = classifierOf(quantise(model));
    let tp = 0;
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i].category !== c) continue;
      n++;
      if (classifier.score(rows[i].text) >= threshold) tp++;
    }
    report.leaveOneFamilyOut[c] = { rows: n, tpr: round4(tp / n) };
    log(`  ${c.padEnd(34)} ${String(n).padStart(4)}  TPR ${(tp / n).toFixed(3)} [${seconds().toFixed(1)} s]`);
  }
}

if (args.out) {
  const model = train(X, rowWeights(cluster, () => true));
  const file = toDataFile(quantise(model), Math.ceil(threshold * 1e4) / 1e4, report);
  InjectionClassifierModelSchema.parse(file);
  writeFileSync(args.out, `${JSON.stringify(file, null, 1)}\n`);
  log(`\nwrote ${args.out} (${file.weights.length} base64 chars of weights) [${seconds().toFixed(1)} s]`);
}
