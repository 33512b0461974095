import { expect } from 'chai';
import {
  DEFAULT_PII_CATALOG,
  isScoredPiiEntityType,
  PiiDetector,
  type PiiPattern,
  REF_HEAD_PII_CATALOG,
  SCORED_PII_ENTITY_TYPES,
} from '../../src/index.js';

const detector = new PiiDetector();

/** The detected values with their entity types, e.g. `PHONE:+44 20 7946 0958`. */
function found(text: string, d: PiiDetector = detector): string[] {
  return d.detect(text).map((m) => `${m.entityType ?? m.prefix}:${text.slice(m.start, m.end)}`);
}

/** The detected values of the six scored types only. */
function scored(text: string): string[] {
  return detector
    .detect(text)
    .filter((m) => isScoredPiiEntityType(m.entityType))
    .map((m) => `${m.entityType}:${text.slice(m.start, m.end)}`);
}

describe(PiiDetector.name, () => {
  describe('catalogs', () => {
    it('every entry of both catalogs names an entity type, and the six scored types are covered', () => {
      for (const catalog of [DEFAULT_PII_CATALOG, REF_HEAD_PII_CATALOG]) {
        for (const p of catalog) expect(p.entityType, p.name).to.be.a('string');
        const types = new Set(catalog.map((p) => p.entityType));
        for (const t of SCORED_PII_ENTITY_TYPES) expect(types.has(t), t).to.equal(true);
      }
    });

    it('every regex of both catalogs compiles', () => {
      const bad: string[] = [];
      for (const patterns of [DEFAULT_PII_CATALOG, REF_HEAD_PII_CATALOG]) {
        const d = new PiiDetector({ patterns, onInvalidPattern: (name) => bad.push(name) });
        expect(d.patternCount).to.equal(patterns.length);
      }
      expect(bad).to.deep.equal([]);
    });

    it('matches carry the entry name, prefix, priority and entity type', () => {
      const [m] = detector.detect('mail jane@acme.com');
      expect(m).to.deep.equal({ start: 5, end: 18, pattern: 'Email', prefix: 'EMAIL', priority: 6, entityType: 'EMAIL' });
    });
  });

  describe('credit cards: issuer prefix and length, then Luhn', () => {
    const cards = [
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '4111111111111111',
      '4222222222222', // Visa 13
      '4030874397740603788', // Visa 19
      '5555 5555 5555 4444',
      '2221 0012 3412 3450', // Mastercard 2-series
      '3782 822463 10005', // Amex 4-6-5
      '378282246310005',
      '3056 930902 5904', // Diners 4-6-4
      '30569309025904',
      '6011 1111 1111 1117',
      '3530111333300000', // JCB
      '3598899323053410', // JCB as Faker issues it (35xx)
      '180000826105910', // JCB 15, 1800
      '213173282369527', // JCB 15, 2131
    ];
    for (const card of cards) it(`${card} is a card`, () => expect(scored(`paid with ${card} today`)).to.deep.equal([`CREDIT_CARD:${card}`]));

    it('a 12-digit Maestro number only next to a card word', () => {
      expect(scored('What is the limit for card 501864667909?')).to.deep.equal(['CREDIT_CARD:501864667909']);
      expect(scored('credit card 060426070011 transactions')).to.deep.equal(['CREDIT_CARD:060426070011']);
      expect(scored('Invoice 501864667909 is due')).to.deep.equal([]);
    });

    const decoys = [
      '4111 1111 1111 1112', // Luhn fails
      '4066757890421852',
      '3406 350023 42912',
      '9780354347952', // ISBN-13 digits
      '978-0-354-34795-2', // ISBN-13
      '1234567890123456', // no issuer
      '342-8458335-6650871', // order number grouping
      '4111 1111 1111 111', // 15 digits is not a Visa length
    ];
    for (const d of decoys) it(`${d} is not a card`, () => expect(scored(`Order reference ${d} shipped`)).to.deep.equal([]));
  });

  describe('SSNs: dashed always; spaced or bare only next to an SSN word', () => {
    it('a dashed SSN', () => expect(scored('id 536-22-1234.')).to.deep.equal(['SSN:536-22-1234']));
    it('a bare 9-digit SSN after an SSN word, even a few words back', () => {
      expect(scored('SSN:011446255;CC')).to.deep.equal(['SSN:011446255']);
      expect(scored('Ref 000-00-6780 is not the SSN; the real one is 419350078.')).to.deep.equal(['SSN:419350078']);
      expect(scored('Please don\'t share this, but my social is 386020087.')).to.deep.equal(['SSN:386020087']);
      expect(scored('{"ssn": "197790073"}')).to.deep.equal(['SSN:197790073']);
    });
    it('a spaced SSN after an SSN word', () => expect(scored('employee Priya, SSN 672 94 8092, direct deposit')).to.deep.equal(['SSN:672 94 8092']));
    it('no SSN without the word, or when another number stands between the word and this one', () => {
      expect(scored('Order 123456789 shipped')).to.deep.equal([]);
      expect(scored('SSN 536-22-1234, routing 021000021')).to.deep.equal(['SSN:536-22-1234']);
    });
    for (const d of ['000-19-1401', '666-06-3650', '912-62-3805', '123-00-4567', '123-45-0000', '078-05-1120']) {
      it(`${d} is never an SSN (area 000/666/9xx, group 00, serial 0000, advertising)`, () => expect(scored(`SSN ${d}`)).to.deep.equal([]));
    }
  });

  describe('IBANs: registered country, its length, mod-97; no keyword needed', () => {
    const ibans = [
      'GB82 WEST 1234 5698 7654 32',
      'GB82WEST12345698765432',
      'gb82 west 1234 5698 7654 32',
      'DE89 3704 0044 0532 0130 00',
      'FR14 2004 1010 0505 0001 3M02 606',
      'NL91ABNA0417164300',
      'BE68539007547034',
      'CH93 0076 2011 6238 5295 7',
    ];
    for (const iban of ibans) it(`${iban}`, () => expect(scored(`send it to ${iban}.`)).to.deep.equal([`IBAN:${iban}`]));
    it('a compact IBAN followed by a word is cut back to its country length', () => {
      expect(scored('GB82WEST12345698765432 THEN')).to.deep.equal(['IBAN:GB82WEST12345698765432']);
    });
    for (const d of ['GB83 WEST 1234 5698 7654 32', 'DE28376748047745662997', 'XX82WEST12345698765432', 'GB82WEST123456987654']) {
      it(`${d} is not an IBAN (check digits, country or length)`, () => expect(scored(`Test vector: ${d}`)).to.deep.equal([]));
    }
  });

  describe('phones', () => {
    const strong = [
      '+49 30 7228413',
      '+44 20 7946 0958',
      '+33 1 68 56 14 63',
      '+81 3-5368-0016',
      '+41 (0)38 549 02 90',
      '+447700 208 815',
      '+1-604-696-5272x565',
      '(415) 555-2671',
      '(579)888-3058',
      '415.555.2671',
      '415-555-2671',
      '1 (648) 279-4826',
      '001-518-640-0854',
      '345-899-3560x4587',
    ];
    for (const p of strong) it(`${p} needs no context`, () => expect(scored(`reach ${p} now`.replace('reach', 'try'))).to.deep.equal([`PHONE:${p}`]));

    const loose: [string, string][] = [
      ['Phone:\n467 3395\n\nE-mail:', '467 3395'],
      ['Mobile: 0341 8387176\nDesk:', '0341 8387176'],
      ['Desk: 5403926876\nFax:', '5403926876'],
      ['28-64-66-98 office', '28-64-66-98'],
      ['Pietersburg\n085 175 7641-Office\\,', '085 175 7641'],
      ['Please have the manager call me at 0494 92 82 32 today', '0494 92 82 32'],
      ['phone:\n(08) 8747 6301\n', '(08) 8747 6301'],
      ['Mi teléfono es 612 345 678.', '612 345 678'],
      ['電話: 03-1234-5678', '03-1234-5678'],
    ];
    for (const [text, phone] of loose) it(`${JSON.stringify(text)}: ${phone} with a phone word`, () => expect(scored(text)).to.deep.equal([`PHONE:${phone}`]));

    it('a loosely grouped number without a phone word is not a phone', () => {
      expect(scored('Box 467 3395 arrived')).to.deep.equal([]);
      expect(scored('Ticket 162-6533925-2760967 was merged')).to.deep.equal([]);
    });
    it('a word naming another kind of number, nearer than the phone word, cancels it', () => {
      expect(scored('Call me about my order 12345678 please')).to.deep.equal([]);
      expect(scored('zip 90210-1234, phone 555 1234')).to.deep.equal(['PHONE:555 1234']);
      expect(scored('call me at 0494 92 82 32 about order 5')).to.deep.equal(['PHONE:0494 92 82 32']);
      expect(scored('SSN on file, phone 536221234')).to.deep.equal(['PHONE:536221234']);
    });
    it('dates, IPv4 addresses and SSN shapes next to a phone word are not phones', () => {
      expect(scored('call on 2024-05-17')).to.deep.equal([]);
      expect(scored('call 17.05.2024')).to.deep.equal([]);
      expect(scored('phone 10.118.215.97')).to.deep.equal(['IP_ADDRESS:10.118.215.97']);
    });
  });

  describe('IP addresses', () => {
    const ips = [
      '10.0.0.1',
      '192.168.214.242',
      '2001:db8:85a3:0:0:8a2e:370:7334',
      '2001:db8::1',
      '2001:db8:6b1d::ea78',
      '6e40:4041:c617:e898:c11:40d2:c669:2eb4',
      '::1',
      '::ffff:10.0.0.1',
      'fe80::1ff:fe23:4567:890a',
    ];
    for (const ip of ips) it(`${ip}`, () => expect(scored(`from ${ip} today`)).to.deep.equal([`IP_ADDRESS:${ip}`]));
    it('not right after a version word', () => {
      expect(scored('version 1.2.3.4 released')).to.deep.equal([]);
      expect(scored('firmware: 10.0.0.1')).to.deep.equal([]);
      expect(scored('the build server at 10.0.0.5')).to.deep.equal(['IP_ADDRESS:10.0.0.5']);
    });
    it('after a label such as IP:', () => expect(scored('SSN x;IP:2001:db8:b7f0::7d00')).to.deep.equal(['IP_ADDRESS:2001:db8:b7f0::7d00']));
    const decoys = [
      'Release 2023.2.14.245 fixes build v1.22.67',
      'build 519.4.8.5198 and 1.2.3.4.5',
      'ip 256.1.1.1',
      'at 12:30:45 and 03:14 UTC',
      'mac 00:1a:2b:3c:4d:5e',
      'C++ std::vector and dead::beef',
      'Request id 0b672db3-22f9-41ad-a9c2-ad44c638bffb failed at 2023-04-07T22:52:37Z.',
      'Commit 81fc1071a6352990e5b5df757fb9001eadaff934 reverted',
      'tracking number 1ZRMCN3CPKVE2J1CYS, total $151,020,408.03',
    ];
    for (const d of decoys) it(`nothing in ${JSON.stringify(d)}`, () => expect(scored(d)).to.deep.equal([]));
  });

  describe('overlaps (R-PII-8 and the SDK rule for unscored entries)', () => {
    const patterns: PiiPattern[] = [
      { name: 'Ref', category: 'Identity', regex: String.raw`K\d{4}-\d{3}`, prefix: 'REF', priority: 20 },
      { name: 'Phone', category: 'Contact', entityType: 'PHONE', regex: String.raw`\d{3}-\d{4}`, prefix: 'PHONE', priority: 10 },
    ];
    it('an unscored match is dropped when it overlaps a scored match of a lower priority number', () => {
      expect(found('K1234-555-1234', new PiiDetector({ patterns }))).to.deep.equal(['PHONE:555-1234']);
    });
    it('otherwise the earliest start wins, as in R-PII-8', () => {
      const later = patterns.map((p) => (p.name === 'Phone' ? { ...p, priority: 60 } : p));
      expect(found('K1234-555-1234', new PiiDetector({ patterns: later }))).to.deep.equal(['REF:K1234-555']);
    });
    it('keyword entries of the default catalog never swallow a scored value', () => {
      expect(scored('account 4111 1111 1111 1111')).to.deep.equal(['CREDIT_CARD:4111 1111 1111 1111']);
      expect(found('acct: 12345678901 routing 021000021')).to.deep.equal(['US_BANK_NUMBER:12345678901', 'ABA_ROUTING_NUMBER:021000021']);
    });
  });

  describe('catalog features', () => {
    it('maskGroups: a regex anchored at a rare character masks from the first to the last group', () => {
      const patterns: PiiPattern[] = [{ name: 'Tag', category: 'Technical', regex: String.raw`#(?<=(\w{1,8})#)(\d{2})`, prefix: 'TAG', maskGroups: [1, 2] }];
      expect(found('see abc#12 and #34', new PiiDetector({ patterns }))).to.deep.equal(['TAG:abc#12']);
    });

    it('maskGroups outside the regex is reported as an invalid pattern', () => {
      const bad: string[] = [];
      const d = new PiiDetector({ patterns: [{ name: 'Bad', category: 'Technical', regex: String.raw`(\d)`, prefix: 'B', maskGroups: [1, 2] }], onInvalidPattern: (n) => bad.push(n) });
      expect(d.patternCount).to.equal(0);
      expect(bad).to.deep.equal(['Bad']);
    });

    it('context: before and after windows, stopping at digits', () => {
      const patterns: PiiPattern[] = [
        { name: 'Code', category: 'Identity', regex: String.raw`\b\d{4}\b`, prefix: 'CODE', context: { words: ['pin', 'code word'], before: 12, after: 12 } },
      ];
      const d = new PiiDetector({ patterns });
      expect(found('my PIN: 1234', d)).to.deep.equal(['CODE:1234']);
      expect(found('1234 is the pin', d)).to.deep.equal(['CODE:1234']);
      expect(found('the code  word 1234', d)).to.deep.equal(['CODE:1234']);
      expect(found('pin 99 then 1234', d)).to.deep.equal([]);
      expect(found('spinning 1234', d)).to.deep.equal([]);
      expect(found('a pin is far far away 1234', d)).to.deep.equal([]);
    });

    it('context blockers, and a context that is not required', () => {
      const patterns: PiiPattern[] = [
        { name: 'Code', category: 'Identity', regex: String.raw`\b\d{4}\b`, prefix: 'CODE', context: { words: ['pin'], blockers: ['room'], before: 20 } },
        { name: 'Year', category: 'Identity', regex: String.raw`\b\d{2}/\d{2}\b`, prefix: 'Y', context: { words: [], blockers: ['exp'], before: 6, required: false } },
      ];
      const d = new PiiDetector({ patterns });
      expect(found('pin for room 1234', d)).to.deep.equal([]);
      expect(found('room pin 1234', d)).to.deep.equal(['CODE:1234']);
      expect(found('exp 12/27 and 01/30', d)).to.deep.equal(['Y:01/30']);
    });

    it('prefilters skip an entry without changing what it finds', () => {
      const base: PiiPattern = { name: 'Num', category: 'Technical', regex: String.raw`\b\d{3}-\d{4}\b`, prefix: 'N' };
      const filtered = new PiiDetector({ patterns: [{ ...base, prefilter: { minDigits: 7, anyChar: '-', anyWord: ['call'] } }] });
      expect(found('call 555-1234', filtered)).to.deep.equal(['N:555-1234']);
      expect(found('CALL me: 555 - 1234 or 555-1234', filtered)).to.deep.equal(['N:555-1234']);
      expect(found('ring 555-1234', filtered)).to.deep.equal([]);
    });

    it('categories restrict the entries', () => {
      const d = new PiiDetector({ categories: ['Technical'] });
      expect(found('jane@acme.com 10.0.0.1', d)).to.deep.equal(['IP_ADDRESS:10.0.0.1']);
    });
  });
});
