import { expect } from 'chai';
import type { HashedFeatureConfig } from '../../src/classifier/HashedFeatureConfig.js';
import type { HashedLogisticClassifier } from '../../src/classifier/HashedLogisticClassifier.js';
import { loadDefaultClassifier } from '../../src/classifier/loadDefaultClassifier.js';
import { scanLowerHashedFeatures } from '../../src/classifier/scanHashedFeatures.js';
import { windowFeatureSets } from '../../src/classifier/windowFeatureSets.js';
import { decodeBase64 } from '../../src/engine/decoding.js';
import { analyzeHeuristics, DELIMITER_MARKERS } from '../../src/engine/heuristics.js';
import { stripQuotedAndCode } from '../../src/engine/text.js';
import { RuleSafetyProvider } from '../../src/RuleSafetyProvider.js';

/** Deterministic pseudo-random texts mixing words, markers, digits, white space and non-ASCII. */
function texts(count: number, seed = 7): string[] {
  const pieces = ['ignore', 'all', 'previous', 'instructions', 'you', 'are', 'now', 'DAN', ' ', '  ', '\n', '\t', '12', 'ÿ', 'Ü', '数字', '\u200b', '\u00ad', 'Ａｂ', ':', 'system:', '<|im_start|>', '[INST]', '### ', '`', '-', 'x'];
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const out: string[] = [];
  for (let t = 0; t < count; t += 1) {
    const length = next(5) === 0 ? 200 + next(3000) : next(120);
    let s = '';
    while (s.length < length) s += pieces[next(pieces.length)] as string;
    out.push(s);
  }
  return out;
}

function chunksOf(lower: string, config: HashedFeatureConfig, generic: boolean): string[] {
  const out: string[] = [];
  scanLowerHashedFeatures(lower, config, { begin: (n) => out.push(`begin ${n}`), chunk: (b, n) => out.push(Array.from(b.subarray(0, n)).join(',')) }, generic);
  return out;
}

describe('fast paths give the same results as the general ones', () => {
  const classifier = loadDefaultClassifier() as HashedLogisticClassifier;
  const sample = texts(400);

  it('the shipped 4-gram loop emits exactly the buckets of the general loop', () => {
    for (const config of [classifier.features, { ...classifier.features, chunkChars: 64 }]) {
      for (const text of sample) expect(chunksOf(text.toLowerCase(), config, false)).to.deep.equal(chunksOf(text.toLowerCase(), config, true));
    }
  });

  it('scoreLower equals score, across more texts than the stamp generations (255) and for long texts', () => {
    for (const text of sample) expect(classifier.scoreLower(text.toLowerCase())).to.equal(classifier.score(text));
  });

  it('the window logit equals an explicit computation over windowFeatureSets', () => {
    const json = classifier as unknown as { window: { weights: Int8Array; scale: number; bias: number } };
    const { weights, scale, bias } = json.window;
    for (const text of sample.slice(0, 120)) {
      let best = Number.NEGATIVE_INFINITY;
      for (const w of windowFeatureSets(text, classifier.features)) {
        let sum = 0;
        for (const b of w) sum += weights[b] as number;
        const logit = w.length === 0 ? bias : bias + (scale * sum) / Math.sqrt(w.length);
        if (logit > best) best = logit;
      }
      expect(classifier.logit(text)).to.equal(best);
    }
  });

  it('the rule engine scores with the shared lower-cased copy as with the classifier itself', () => {
    const wrapped = { version: classifier.version, threshold: classifier.threshold, score: (t: string) => classifier.score(t) };
    const fast = new RuleSafetyProvider({ classifier });
    const plain = new RuleSafetyProvider({ classifier: wrapped });
    const request = { scorer: 'default', categories: [], threshold: 0.6 } as const;
    for (const text of sample.slice(0, 150)) expect(fast.detect(text, request)).to.deep.equal(plain.detect(text, request));
  });

  it('delimiter markers are found as by one substring search per marker', () => {
    for (const text of [...sample.slice(0, 200), ':::system:', 'x\n### y', '<<<sys>>', '[[/inst]]', '---begin system---', 'a```system', 'user:user:']) {
      const lower = text.toLowerCase();
      const found = analyzeHeuristics(text, lower, { mode: 'default' })
        .indicators.filter((i) => i.category === 'DelimiterInjection')
        .map((i) => i.description);
      const stripped = stripQuotedAndCode(lower);
      const expected = DELIMITER_MARKERS.filter((m) => stripped.includes(m)).map((m) => `Detected delimiter injection: "${m.slice(0, 20)}"`);
      expect([...found].sort()).to.deep.equal([...expected].sort());
    }
  });

  it('base64 that is not UTF-8 is rejected without decoding it', () => {
    expect(decodeBase64(Buffer.from([0xff, 0xfe, 0xfd, 0x80]).toString('base64'))).to.equal(undefined);
    expect(decodeBase64(Buffer.from('\ufeffhello', 'utf8').toString('base64'))).to.equal('hello');
    expect(decodeBase64(Buffer.from('héllo wörld', 'utf8').toString('base64'))).to.equal('héllo wörld');
  });
});
