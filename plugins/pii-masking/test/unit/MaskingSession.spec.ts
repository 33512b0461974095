import { expect } from 'chai';
import { DEFAULT_PII_CATALOG, MaskingSession, type PiiPattern, REF_HEAD_PII_CATALOG } from '../../src/index.js';

function mask(text: string): string {
  return new MaskingSession().mask(text);
}

describe('MaskingSession (R-PII-6..12, SPEC §13.1)', () => {
  describe('SPEC §13.1 vectors', () => {
    it('SSN, email, same SSN again share one counter and one token per value', () => {
      expect(mask('My SSN is 123-45-6789 and email jane@acme.com, again 123-45-6789')).to.equal('My SSN is [SSN:001] and email [EMAIL:002], again [SSN:001]');
    });
    it('US and international phones', () => {
      expect(mask('Call me at (415) 555-2671 or +14155552671')).to.equal('Call me at [PHONE:001] or [PHONE:002]');
    });
    it('a card failing Luhn is not masked', () => {
      expect(mask('card 4111 1111 1111 1111 and 4111 1111 1111 1112')).to.equal('card [CC:001] and 4111 1111 1111 1112');
    });
    it('keyword-anchored patterns keep the keyword (group 1 only)', () => {
      expect(mask('acct: 12345678901 routing 021000021')).to.equal('acct: [BANK:001] routing [RTN:002]');
    });
    it('a bare 9-digit order number is not an SSN', () => {
      expect(mask('Order 123456789 shipped')).to.equal('Order 123456789 shipped');
    });
    it('date of birth and driver licence', () => {
      expect(mask('born 01/02/1990, DL A1234567')).to.equal('born [DOB:001], DL [DL:002]');
    });
    it('IPv4', () => {
      expect(mask('server 10.0.0.1')).to.equal('server [IP:001]');
    });
    it('unmasks only known tokens', () => {
      const s = new MaskingSession();
      s.mask('My SSN is 123-45-6789 and email jane@acme.com, again 123-45-6789');
      expect(s.unmask('Found [SSN:001] and [SSN:999]')).to.equal('Found 123-45-6789 and [SSN:999]');
    });
  });

  describe('SPEC §13.1 vectors under REF_HEAD_PII_CATALOG (parity)', () => {
    const vectors: [string, string][] = [
      ['My SSN is 123-45-6789 and email jane@acme.com, again 123-45-6789', 'My SSN is [SSN:001] and email [EMAIL:002], again [SSN:001]'],
      ['Call me at (415) 555-2671 or +14155552671', 'Call me at [PHONE:001] or [PHONE:002]'],
      ['card 4111 1111 1111 1111 and 4111 1111 1111 1112', 'card [CC:001] and 4111 1111 1111 1112'],
      ['acct: 12345678901 routing 021000021', 'acct: [BANK:001] routing [RTN:002]'],
      ['Order 123456789 shipped', 'Order 123456789 shipped'],
      ['born 01/02/1990, DL A1234567', 'born [DOB:001], DL [DL:002]'],
      ['server 10.0.0.1', 'server [IP:001]'],
    ];
    for (const [input, expected] of vectors) {
      it(`${input} → ${expected}`, () => expect(new MaskingSession({ patterns: REF_HEAD_PII_CATALOG }).mask(input)).to.equal(expected));
    }
    it('REF-HEAD needs the IBAN keyword and takes no bare phone numbers, where the default does', () => {
      const text = 'pay DE89370400440532013000, Phone: 467 3395';
      expect(new MaskingSession({ patterns: REF_HEAD_PII_CATALOG }).mask(text)).to.equal(text);
      expect(mask(text)).to.equal('pay [IBAN:001], Phone: [PHONE:002]');
    });
  });

  describe('catalog entries', () => {
    const cases: [string, string][] = [
      ['ssn: 536221234', 'ssn: [SSN:001]'],
      ['Social Security number 536-22-1234', 'Social Security number [SSN:001]'],
      ['SSN 666-12-3456 is fake', 'SSN 666-12-3456 is fake'],
      ['EIN: 12-3456789', 'EIN: [EIN:001]'],
      ['IBAN GB82 WEST 1234 5698 7654 32.', 'IBAN [IBAN:001].'],
      ['IBAN GB83 WEST 1234 5698 7654 32', 'IBAN GB83 WEST 1234 5698 7654 32'],
      ['routing 021000022', 'routing 021000022'],
      ['passport number: X12345678', 'passport number: [PASSPORT:001]'],
      ['MRN 00123456', 'MRN [MRN:001]'],
      ['patient id: AB12345', 'patient id: [MRN:001]'],
      ['NI QQ123456C', 'NI QQ123456C'],
      ['NI AB 12 34 56 C', 'NI [NINO:001]'],
      ['VIN 1HGCM82633A004352', 'VIN [VIN:001]'],
      ['date of birth: 1990-02-01', 'date of birth: [DOB:001]'],
      ['license ABC12345', 'license ABC12345'],
      ['amex 3782 822463 10005', 'amex [CC:001]'],
      ['phone +49 30 7228413', 'phone [PHONE:001]'],
      ['ip 256.1.1.1 and 1.2.3.4.5', 'ip 256.1.1.1 and 1.2.3.4.5'],
      ['diego.andersson@shop.example.com.au,', '[EMAIL:001],'],
      ['commit 81fc1071a6352990e5b5df757fb9001eadaff934', 'commit 81fc1071a6352990e5b5df757fb9001eadaff934'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => expect(mask(input)).to.equal(expected));
  });

  it('R-PII-9: the counter is zero-padded to 3 digits and grows beyond 999', () => {
    const s = new MaskingSession();
    let last = '';
    for (let i = 0; i < 1000; i++) last = s.mask(`user${i}@example.com`);
    expect(last).to.equal('[EMAIL:1000]');
    expect(s.unmask(last)).to.equal('user999@example.com');
  });

  it('R-PII-10: the same value found by two patterns gets one token', () => {
    const patterns: PiiPattern[] = [
      { name: 'A', category: 'Identity', regex: String.raw`\bA-(\d{4})\b`, prefix: 'AAA', priority: 1 },
      { name: 'B', category: 'Identity', regex: String.raw`\bB-(\d{4})\b`, prefix: 'BBB', priority: 2 },
    ];
    const s = new MaskingSession({ patterns });
    expect(s.mask('A-1234 B-1234 B-9999')).to.equal('A-[AAA:001] B-[AAA:001] B-[BBB:002]');
  });

  it('R-PII-8: equal starts → lower priority number wins, then the longer match; later overlaps are dropped', () => {
    const patterns: PiiPattern[] = [
      { name: 'Short', category: 'Technical', regex: String.raw`\d{3}`, prefix: 'S', priority: 5 },
      { name: 'Long', category: 'Technical', regex: String.raw`\d{6}`, prefix: 'L', priority: 5 },
      { name: 'Low', category: 'Technical', regex: String.raw`\d{9}`, prefix: 'X', priority: 9 },
    ];
    expect(new MaskingSession({ patterns }).mask('123456789')).to.equal('[L:001][S:002]');
    const p2: PiiPattern[] = [...patterns, { name: 'Top', category: 'Technical', regex: String.raw`\d{2}`, prefix: 'T', priority: 1 }];
    expect(new MaskingSession({ patterns: p2 }).mask('123456789')).to.equal('[T:001][T:002][T:003][T:004]9');
  });

  it('R-PII-3: inactive entries and entries that do not compile are skipped', () => {
    const bad: string[] = [];
    const patterns: PiiPattern[] = [
      { name: 'Off', category: 'Technical', regex: String.raw`\d+`, prefix: 'N', active: false },
      { name: 'Broken', category: 'Technical', regex: '(unclosed', prefix: 'B' },
      { name: 'NoPrefix', category: 'Technical', regex: 'secret', prefix: '' },
    ];
    const s = new MaskingSession({ patterns, onInvalidPattern: (name) => bad.push(name) });
    expect(s.mask('42 secret')).to.equal('42 [PII:001]');
    expect(bad).to.deep.equal(['Broken']);
    expect(s.stats().patternCount).to.equal(1);
  });

  it('R-PII-1: categories restrict the patterns', () => {
    const s = new MaskingSession({ categories: ['Contact'] });
    expect(s.mask('jane@acme.com 123-45-6789 10.0.0.1')).to.equal('[EMAIL:001] 123-45-6789 10.0.0.1');
  });

  it('R-PII-11: stats carry no values; clear forgets the map', () => {
    const s = new MaskingSession();
    const masked = s.mask('jane@acme.com and 123-45-6789 and jane@acme.com');
    s.unmask(masked);
    const stats = s.stats();
    expect(stats).to.deep.include({ uniqueValues: 2, maskOperations: 1, unmaskOperations: 1, patternCount: DEFAULT_PII_CATALOG.length });
    expect(stats.perPrefix).to.deep.equal({ EMAIL: 1, SSN: 1 });
    expect(JSON.stringify(stats)).to.not.include('jane').and.not.include('6789');
    s.clear();
    expect(s.unmask(masked)).to.equal(masked);
  });

  it('R-PII-7: long text is masked throughout, with no size guard', () => {
    const text = `${'lorem ipsum dolor '.repeat(5000)}jane@acme.com`;
    expect(text.length).to.be.greaterThan(50_000);
    expect(mask(text).endsWith('[EMAIL:001]')).to.equal(true);
  });
});
