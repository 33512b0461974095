import { expect } from 'chai';
import type { HashedFeatureConfig, HashedFeatureSink } from '../../../src/classifier/index.js';
import { loadDefaultClassifier } from '../../../src/classifier/loadDefaultClassifier.js';
import { scanLowerHashedFeatures } from '../../../src/classifier/scanHashedFeatures.js';

/** The general path the one-pass scan replaces: every bucket into the window sink, then finish. */
interface GeneralPath {
  readonly features: HashedFeatureConfig;
  readonly window: HashedFeatureSink & { finish(): number };
  logitOfLower(lower: string): number;
}

describe('the one-pass sliding-window logit equals the general feature scan, bit for bit', () => {
  const classifier = loadDefaultClassifier() as unknown as GeneralPath;
  const general = (lower: string): number => {
    scanLowerHashedFeatures(lower, classifier.features, classifier.window);
    return classifier.window.finish();
  };
  // a deterministic generator, and an alphabet with separators, zero-width, full-width, emoji and trigger words
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const alphabet = ['ab', ' ', 'cd', '\n', '\u200b', '\uff21', '0123', 'ignore', '  ', 'previous', '\u00e9', '\ud83d\ude00', '.', ','];
  const textOf = (length: number): string => {
    let s = '';
    while (s.length < length) s += alphabet[Math.floor(next() * alphabet.length)];
    return s.slice(0, length);
  };

  it('at chunk and window boundaries (511–513, 2,047–2,049, …) and on random lengths', () => {
    const lengths = [0, 1, 2, 3, 4, 5, 511, 512, 513, 1023, 1024, 1025, 1535, 1536, 2047, 2048, 2049, 2559, 2560, 2561, 4096, 5000, 20_000];
    for (let i = 0; i < 600; i++) lengths.push(Math.floor(next() * 12_000));
    let compared = 0;
    for (const length of lengths) {
      const lower = textOf(length).toLowerCase();
      expect(Object.is(classifier.logitOfLower(lower), general(lower)), `length ${length}`).to.equal(true);
      compared += 1;
    }
    expect(compared).to.equal(lengths.length);
  });

  it('on one long text after many short ones (the bucket stamps wrap and reset)', () => {
    for (let i = 0; i < 400; i++) {
      const lower = textOf(30 + (i % 200)).toLowerCase();
      expect(Object.is(classifier.logitOfLower(lower), general(lower))).to.equal(true);
    }
    const long = textOf(200_000).toLowerCase();
    expect(Object.is(classifier.logitOfLower(long), general(long))).to.equal(true);
  });
});
