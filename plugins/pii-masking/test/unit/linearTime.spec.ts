import { expect } from 'chai';
import { MaskingSession } from '../../src/index.js';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** Best of three: masking and unmasking time per KB. */
function msPerKb(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const session = new MaskingSession();
    const t0 = process.hrtime.bigint();
    session.unmask(session.mask(text));
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best / (text.length / 1024);
}

describe('catalog regexes run in linear time (1 MB adversarial near-matches)', function () {
  this.timeout(120_000);
  const ordinary = fill('The committee reviewed the quarterly results; write to jane@acme.com or call (415) 555-2671 for details. ');
  const adversarial: Record<string, string> = {
    'long digit run': fill('1234567890'),
    'digits with single spaces': fill('4 1 1 1 '),
    'digits with single hyphens': fill('4-1-1-1-'),
    'card-like groups': fill('4111 1111 1111 '),
    'SSN near-misses': fill('123-45-678 '),
    'chained SSN fragments': fill('123-45-'),
    'dotted digits': fill('1.2.3.4.'),
    'e-mail local-part characters': fill('a.b_c%d+e-'),
    'repeated @': fill('a@b.'),
    'long domains without TLD': fill(`x@${'a1.'.repeat(50)}`),
    'keywords without values': fill('acct: routing ssn iban passport DL mrn born '),
    'keywords with short numbers': fill('account 1234567 '),
    'plus signs and country codes': fill('+1 +49 +'),
    'parenthesised area codes': fill('(415) (415) '),
    'token-shaped text': fill('[SSN:00[EMAIL:'),
    'VIN-like runs': fill('A1B2C3D4E5F6G7H8J9'),
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
