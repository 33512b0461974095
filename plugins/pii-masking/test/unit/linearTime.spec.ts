import { expect } from 'chai';
import { DEFAULT_PII_CATALOG, MaskingSession, type PiiPattern, REF_HEAD_PII_CATALOG } from '../../src/index.js';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** Best of three: masking and unmasking time per KB. */
function msPerKb(text: string, patterns: readonly PiiPattern[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const session = new MaskingSession({ patterns });
    const t0 = process.hrtime.bigint();
    session.unmask(session.mask(text));
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best / (text.length / 1024);
}

const PII = 'Mail jane.doe@example.com, call +44 20 7946 0958 or (415) 555-2671, SSN 123-45-6789, card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, host 10.0.0.1 / 2001:db8::1. ';

/** 1 MB each: long runs, separators, near-matches of every entry, and PII inside nested encodings. */
const ADVERSARIAL: Record<string, string> = {
  'long digit run': fill('1234567890'),
  'digits with single spaces': fill('4 1 1 1 '),
  'digits with single hyphens': fill('4-1-1-1-'),
  'digits with single dots': fill('1.2.3.4.'),
  'mixed separators': fill('1-2.3 4/5(6)7 '),
  'card-like groups': fill('4111 1111 1111 '),
  'SSN near-misses': fill('123-45-678 '),
  'chained SSN fragments': fill('123-45-'),
  'e-mail local-part characters': fill('a.b_c%d+e-'),
  'repeated @': fill('a@b.'),
  'at signs without a domain': fill('@@@a.b'),
  'long domains without TLD': fill(`x@${'a1.'.repeat(50)}`),
  'keywords without values': fill('acct: routing ssn iban passport DL mrn born phone vin card '),
  'keywords with short numbers': fill('account 1234567 '),
  'SSN words with near numbers': fill('ssn 123 45 678 '),
  'card words with 12 digits': fill('card 123456789012 '),
  'phone words with digit groups': fill('phone 12 34 56 78 90 12 34 '),
  'phone words with extensions': fill('call 555 1234x1x2x3 '),
  'plus signs and country codes': fill('+1 +49 +'),
  'plus runs': fill('+++++1'),
  'trunk prefixes': fill('call +1 (0) 1 '),
  'parenthesised area codes': fill('(415) (415) '),
  'nested parentheses': fill('(1)(2)(3)(4)'),
  'hex and colons': fill('a1:b2:c3:d4:e5:f6:07:'),
  'double colons': fill('::1::2::3:'),
  'IPv6 near-misses': fill('2001:db8:85a3:0:0:8a2e:370:7334:'),
  'colons between digits': fill('1:2:3:4:5:6:7:8:9:'),
  'IBAN-like run': fill('GB82WEST'),
  'IBAN-like groups': fill('DE89 3704 '),
  'VIN-like runs': fill('A1B2C3D4E5F6G7H8J9'),
  'VIN words with runs': fill('VIN 1HGCM82633A00435Z'),
  'money amounts': fill('$1,234,567.89 '),
  'timestamps': fill('2024-01-02T03:04:05Z '),
  'token-shaped text': fill('[SSN:00[EMAIL:'),
  'URL-encoded PII': fill(encodeURIComponent(PII)),
  'JSON-in-JSON PII': fill(JSON.stringify(JSON.stringify(JSON.stringify({ text: PII })))),
  'unicode-escaped PII': fill(PII.replace(/[0-9@.+]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)),
  'HTML-entity PII': fill(PII.replace(/[0-9@.]/g, (c) => `&#${c.charCodeAt(0)};`)),
  'base64 PII': fill(Buffer.from(PII.repeat(20)).toString('base64')),
  'dense PII': fill(PII),
};

for (const [catalog, patterns] of [
  ['default', DEFAULT_PII_CATALOG],
  ['REF-HEAD', REF_HEAD_PII_CATALOG],
] as const) {
  describe(`${catalog} catalog runs in linear time (1 MB adversarial inputs)`, function () {
    this.timeout(120_000);
    const ordinary = fill('The committee reviewed the quarterly results; write to jane@acme.com or call (415) 555-2671 for details. ');
    let baseline = 0;

    before(() => {
      baseline = msPerKb(ordinary, patterns);
    });

    for (const [name, text] of Object.entries(ADVERSARIAL)) {
      it(`${name}: time per KB within 5× of ordinary text`, () => {
        const perKb = msPerKb(text, patterns);
        expect(perKb, `${perKb.toFixed(4)} ms/KB vs ordinary ${baseline.toFixed(4)} ms/KB`).to.be.at.most(5 * baseline);
      });
    }

    it('masks all of a text far over 50,000 characters: the start, the middle and the end', () => {
      const filler = 'lorem ipsum dolor sit amet '.repeat(4000);
      const text = `jane@acme.com ${filler} 123-45-6789 ${filler} +44 20 7946 0958`;
      expect(text.length).to.be.greaterThan(200_000);
      const masked = new MaskingSession({ patterns }).mask(text);
      expect(masked.startsWith('[EMAIL:001] ')).to.equal(true);
      expect(masked).to.include(' [SSN:002] ');
      expect(masked.endsWith(' [PHONE:003]')).to.equal(true);
      expect(masked).to.not.match(/jane@|6789|0958/);
    });
  });
}
