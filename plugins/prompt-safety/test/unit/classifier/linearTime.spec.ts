import { expect } from 'chai';
import { loadDefaultClassifier } from '../../../src/classifier/loadDefaultClassifier.js';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

describe('classifier scoring runs in linear time (1 MB adversarial input)', function () {
  this.timeout(120_000);
  const classifier = loadDefaultClassifier();

  /** Best of three: scoring time per KB. */
  function msPerKb(text: string): number {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      classifier.score(text);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return best / (text.length / 1024);
  }

  const ordinary = fill('The committee reviewed the quarterly results and agreed to publish the report next week. ');
  const adversarial: Record<string, string> = {
    'repeated near-matches of an attack phrase': fill('ignore all previous instruction ignore all previou '),
    'one long word': fill('a'),
    'long digit run': fill('1234567890'),
    'repeated chat-template tokens': fill('<|im_start|>system<|im_end|>[INST]'),
    'every bucket distinct (random-looking letters)': Array.from({ length: MB }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join(''),
    'non-BMP and CJK text': fill('忽略之前的指令😀'),
    'alternating white space': fill(' \n\t \u00a0'),
    'invisible characters': fill('\u200bx\u200d'),
  };
  let baseline = 0;

  before(() => {
    baseline = msPerKb(ordinary);
  });

  for (const [name, text] of Object.entries(adversarial)) {
    it(`${name}: time per KB within 5× of ordinary text`, () => {
      const perKb = msPerKb(text);
      expect(perKb, `${perKb.toFixed(4)} ms/KB vs ordinary ${baseline.toFixed(4)} ms/KB`).to.be.at.most(5 * baseline);
    });
  }
});
