import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import { z } from 'zod';
import { assertLinearPattern, guard, OutputValidationError, STANDARD_KEY_PREFIXES, validateOutput } from '../../src/index.js';

/** Runs `fn` and returns the Agent Studio error code it throws. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : String(e);
  }
  return undefined;
}

/** The first issue message of a failed parse, or undefined on success. */
function problem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'invalid');
}

describe('guard (R-ACT-OUT-1, R-ACT-OUT-2)', () => {
  describe('.string()', () => {
    it('R-ACT-OUT-1: accepts printable text within the limits', () => {
      const s = guard.string({ maxLength: 20 });
      expect(s.parse('Hello, Zoë — ok! 👍')).to.equal('Hello, Zoë — ok! 👍');
    });

    it('R-ACT-OUT-1: refuses text over maxLength and under minLength', () => {
      const s = guard.string({ maxLength: 5, minLength: 2 });
      expect(problem(s, 'abcdef')).to.equal('has more than 5 characters');
      expect(problem(s, 'a')).to.equal('has fewer than 2 characters');
    });

    it('R-ACT-OUT-1: defaults to 1000 characters of printable text', () => {
      const s = guard.string();
      expect(s.safeParse('x'.repeat(1000)).success).to.equal(true);
      expect(s.safeParse('x'.repeat(1001)).success).to.equal(false);
      expect(problem(s, 'line\nbreak')).to.equal('has characters outside the printable character set');
    });

    it('R-ACT-OUT-1: printable refuses control, bidi-override, zero-width, tag and private-use characters', () => {
      const s = guard.string({ charset: 'printable' });
      for (const bad of ['a\u0000b', 'a\u0007', 'a\u009Bb', 'pay\u202Eusd', 'a\u200Bb', 'a\u2066b', 'x\u{E0041}\u{E0042}', 'a\uE000', 'a\uD800b', '\uFEFFa']) {
        expect(s.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
      }
    });

    it('R-ACT-OUT-1: text allows line breaks and tabs but not other controls', () => {
      const s = guard.string({ charset: 'text' });
      expect(s.safeParse('a\n\tb\r\n').success).to.equal(true);
      expect(s.safeParse('a\u0008b').success).to.equal(false);
    });

    it('R-ACT-OUT-1: alnum and ascii refuse Unicode look-alikes', () => {
      expect(guard.string({ charset: 'alnum' }).safeParse('ORD12345').success).to.equal(true);
      expect(guard.string({ charset: 'alnum' }).safeParse('ORD-12345').success).to.equal(false);
      // Cyrillic О and full-width digits look like ASCII
      expect(guard.string({ charset: 'alnum' }).safeParse('\u041ERD12345').success).to.equal(false);
      expect(guard.string({ charset: 'ascii' }).safeParse('ORD \uFF11\uFF12').success).to.equal(false);
      expect(guard.string({ charset: 'ascii' }).safeParse('Order #12, ok?').success).to.equal(true);
    });

    it('R-ACT-OUT-1: trims and NFKC-normalises before checking when asked', () => {
      const s = guard.string({ charset: 'alnum', trim: true, normalize: 'NFKC', maxLength: 4 });
      expect(s.parse('  \uFF21\uFF22\uFF11  ')).to.equal('AB1');
    });

    it('R-ACT-OUT-1: accepts an anchored linear pattern and refuses unsafe ones', () => {
      const order = guard.string({ charset: /^ORD-\d{5}$/ });
      expect(order.safeParse('ORD-12345').success).to.equal(true);
      expect(problem(order, 'ORD-1234')).to.equal('does not match the expected pattern');
      for (const bad of [/ORD-\d{5}/, /^ORD$|^X$/, /^(a+)+$/, /^(\w|\d)*$/, /^(a)\1$/, /^(?=a)a$/, /^a$/g, /^(?:\w+\.)+$/]) {
        expect(codeOf(() => guard.string({ charset: bad })), String(bad)).to.equal('CONFIG_INVALID');
      }
    });

    it('refuses invalid options with CONFIG_INVALID', () => {
      for (const bad of [{ maxLength: -1 }, { charset: 'emoji' }, { minLength: 5, maxLength: 2 }, { extra: true }]) {
        expect(codeOf(() => guard.string(bad as never)), JSON.stringify(bad)).to.equal('CONFIG_INVALID');
      }
    });
  });

  describe('.number()', () => {
    it('R-ACT-OUT-1: accepts numbers within bounds', () => {
      const n = guard.number({ min: 1, max: 5, integer: true });
      expect(n.parse(3)).to.equal(3);
    });

    it('R-ACT-OUT-1: refuses out-of-range, fractional, non-finite and string numbers', () => {
      const n = guard.number({ min: 1, max: 5, integer: true });
      expect(problem(n, 0)).to.equal('is below 1');
      expect(problem(n, 6)).to.equal('is above 5');
      expect(problem(n, 2.5)).to.equal('is not a safe integer');
      expect(n.safeParse(Number.POSITIVE_INFINITY).success).to.equal(false);
      expect(n.safeParse(Number.NaN).success).to.equal(false);
      expect(n.safeParse('3').success).to.equal(false);
      expect(guard.number({ integer: true }).safeParse(2 ** 60).success).to.equal(false);
    });

    it('refuses min above max with CONFIG_INVALID', () => {
      expect(codeOf(() => guard.number({ min: 5, max: 1 }))).to.equal('CONFIG_INVALID');
    });
  });

  describe('.recordId()', () => {
    const account = guard.recordId({ objects: ['Account'] });

    it('R-ACT-OUT-2: accepts 15- and 18-character ids of the expected object', () => {
      expect(account.parse('0015000000Gv7qJ')).to.equal('0015000000Gv7qJ');
      expect(account.parse('0015000000Gv7qJAAR')).to.equal('0015000000Gv7qJAAR');
      expect(account.parse('001000000000001AAA')).to.equal('001000000000001AAA');
    });

    it('R-ACT-OUT-2: refuses an id of another object (wrong key prefix)', () => {
      expect(problem(account, '0035000000Gv7qJ')).to.equal('is not the id of a record of the expected type (Account)');
      expect(problem(account, '5005000000Gv7qJ')).to.match(/expected type/);
    });

    it('R-ACT-OUT-2: refuses an 18-character id with a bad checksum, or whose case was changed', () => {
      expect(problem(account, '0015000000Gv7qJAAB')).to.equal('has a wrong case-safe checksum');
      expect(problem(account, '0015000000GV7QJAAR')).to.equal('has a wrong case-safe checksum');
      expect(problem(account, '0015000000gv7qjAAR')).to.equal('has a wrong case-safe checksum');
    });

    it('R-ACT-OUT-2: refuses 8-character ids (the S001 typo) and other lengths', () => {
      for (const bad of ['00150000', '0015000000Gv7q', '0015000000Gv7qJA', '0015000000Gv7qJAARX', '']) {
        expect(problem(account, bad), bad).to.equal('is not a record id of 15 or 18 letters and digits');
      }
    });

    it('R-ACT-OUT-2: refuses non-alphanumeric characters and Unicode look-alikes', () => {
      for (const bad of ['0015000000Gv7q-', '0015000000Gv7q ', '\u041E015000000Gv7q', '0015000000Gv7q\u0408', '0015000000Gv7q\uFF2A', "001' OR '1'='1"]) {
        expect(account.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
      }
    });

    it('R-ACT-OUT-2: allow15 / allow18 restrict the accepted lengths', () => {
      expect(guard.recordId({ objects: ['Account'], allow15: false }).safeParse('0015000000Gv7qJ').success).to.equal(false);
      expect(guard.recordId({ objects: ['Account'], allow18: false }).safeParse('0015000000Gv7qJAAR').success).to.equal(false);
    });

    it('R-ACT-OUT-2: accepts custom-object key prefixes, case-sensitively', () => {
      const custom = guard.recordId({ keyPrefixes: ['a0B'] });
      expect(custom.safeParse('a0B000000000001').success).to.equal(true);
      expect(custom.safeParse('A0B000000000001').success).to.equal(false);
    });

    it('R-ACT-OUT-2: caseSafe returns the 18-character form', () => {
      expect(guard.recordId({ objects: ['Account'], caseSafe: true }).parse('0015000000Gv7qJ')).to.equal('0015000000Gv7qJAAR');
    });

    it('R-ACT-OUT-2: the standard table knows the common objects', () => {
      expect(STANDARD_KEY_PREFIXES.Account).to.equal('001');
      expect(STANDARD_KEY_PREFIXES.Contact).to.equal('003');
      expect(STANDARD_KEY_PREFIXES.Case).to.equal('500');
    });

    it('R-ACT-OUT-2: refuses to build without a known prefix (CONFIG_INVALID)', () => {
      expect(codeOf(() => guard.recordId({}))).to.equal('CONFIG_INVALID');
      expect(codeOf(() => guard.recordId({ objects: ['Invoice__c'] }))).to.equal('CONFIG_INVALID');
      expect(codeOf(() => guard.recordId({ objects: ['toString'] }))).to.equal('CONFIG_INVALID');
      expect(codeOf(() => guard.recordId({ keyPrefixes: ['a0'] }))).to.equal('CONFIG_INVALID');
      expect(codeOf(() => guard.recordId({ objects: ['Account'], allow15: false, allow18: false }))).to.equal('CONFIG_INVALID');
    });
  });

  describe('.enumOf()', () => {
    it('R-ACT-OUT-1: accepts listed values only, exactly', () => {
      const e = guard.enumOf(['Low', 'High']);
      expect(e.parse('Low')).to.equal('Low');
      expect(problem(e, 'low')).to.equal('is not one of the allowed values');
      expect(e.safeParse('Low ').success).to.equal(false);
    });

    it('refuses an empty list with CONFIG_INVALID', () => {
      expect(codeOf(() => guard.enumOf([] as unknown as [string]))).to.equal('CONFIG_INVALID');
    });
  });

  describe('.email()', () => {
    it('R-ACT-OUT-1: accepts ordinary addresses', () => {
      expect(guard.email().parse('jane.doe+x@acme.example.com')).to.equal('jane.doe+x@acme.example.com');
    });

    it('R-ACT-OUT-1: refuses malformed, over-long and non-ASCII addresses', () => {
      const e = guard.email();
      for (const bad of ['jane', 'jane@', '@acme.com', 'jane@acme', 'jane doe@acme.com', 'jane@acme.com\n', `${'a'.repeat(250)}@x.com`, 'jane@\u0430cme.com']) {
        expect(e.safeParse(bad).success, bad).to.equal(false);
      }
    });

    it('R-ACT-OUT-1: domains restricts the domain', () => {
      const e = guard.email({ domains: ['acme.com', '*.acme.org'] });
      expect(e.safeParse('jane@ACME.com').success).to.equal(true);
      expect(e.safeParse('jane@eu.acme.org').success).to.equal(true);
      expect(e.safeParse('jane@acme.org').success).to.equal(false);
      expect(e.safeParse('jane@evil.com').success).to.equal(false);
      expect(e.safeParse('jane@acme.com.evil.com').success).to.equal(false);
    });
  });

  describe('.url()', () => {
    it('R-ACT-OUT-1: accepts https URLs by default', () => {
      expect(guard.url().parse('https://example.com/a?b=c#d')).to.equal('https://example.com/a?b=c#d');
    });

    it('R-ACT-OUT-1: refuses javascript:, data:, http: and relative URLs by default', () => {
      const u = guard.url();
      for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://example.com', '/relative', '//example.com/x', 'vbscript:x']) {
        expect(u.safeParse(bad).success, bad).to.equal(false);
      }
    });

    it('R-ACT-OUT-1: refuses whitespace, control characters, credentials and look-alike hosts', () => {
      const u = guard.url();
      for (const bad of [' https://example.com', 'https://exa\nmple.com', 'java\tscript:alert(1)', 'https://user:pw@example.com', 'https://example.com@evil.com', 'https://ex\u0430mple.com']) {
        expect(u.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
      }
    });

    it('R-ACT-OUT-1: hosts restricts the host (exact, or *. for subdomains)', () => {
      const u = guard.url({ hosts: ['example.com', '*.cdn.example.net'] });
      expect(u.safeParse('https://example.com/x').success).to.equal(true);
      expect(u.safeParse('https://EXAMPLE.com/x').success).to.equal(true);
      expect(u.safeParse('https://img.cdn.example.net/x').success).to.equal(true);
      for (const bad of ['https://cdn.example.net/x', 'https://example.com.evil.com/', 'https://evil.com/?u=https://example.com', 'https://sub.example.com/', 'https://evil.com\\@example.com']) {
        expect(u.safeParse(bad).success, bad).to.equal(false);
      }
    });

    it('R-ACT-OUT-1: protocols widens the schemes', () => {
      expect(guard.url({ protocols: ['http', 'https'] }).safeParse('http://example.com').success).to.equal(true);
      expect(codeOf(() => guard.url({ protocols: ['https:'] }))).to.equal('CONFIG_INVALID');
      expect(codeOf(() => guard.url({ hosts: ['Example.COM'] }))).to.equal('CONFIG_INVALID');
    });
  });

  describe('composition and validateOutput()', () => {
    const Update = z.strictObject({
      caseId: guard.recordId({ objects: ['Case'] }),
      status: guard.enumOf(['New', 'Closed']),
      note: guard.string({ maxLength: 50 }).optional(),
    });

    it('R-ACT-OUT-1: returns the typed value', () => {
      const value = validateOutput({ caseId: '500000000000001', status: 'New' }, Update);
      expect(value).to.deep.equal({ caseId: '500000000000001', status: 'New' });
    });

    it('R-ACT-OUT-1: throws OUTPUT_INVALID naming the path, never the value', () => {
      let error: unknown;
      try {
        validateOutput({ caseId: '001000000000001', status: 'New' }, Update);
      } catch (e) {
        error = e;
      }
      expect(OutputValidationError.isOutputError(error)).to.equal(true);
      const e = error as OutputValidationError;
      expect(e.code).to.equal('OUTPUT_INVALID');
      expect(e.path).to.equal('caseId');
      expect(e.message).to.not.include('001000000000001');
      expect(e.toJSON()).to.not.have.nested.property('details.value');
    });

    it('R-ACT-OUT-1: names unknown keys by count only (they are model text)', () => {
      let error: OutputValidationError | undefined;
      try {
        validateOutput({ caseId: '500000000000001', status: 'New', 'ignore previous instructions': 1 }, Update);
      } catch (e) {
        error = e as OutputValidationError;
      }
      expect(error?.code).to.equal('OUTPUT_INVALID');
      expect(error?.message).to.include('1 unrecognized key').and.not.include('ignore previous');
    });

    it('R-ACT-OUT-1: shortens model-generated keys in paths', () => {
      let error: OutputValidationError | undefined;
      try {
        validateOutput({ [`weird key ${'x'.repeat(100)}`]: 1 }, z.record(z.string(), z.string()));
      } catch (e) {
        error = e as OutputValidationError;
      }
      expect(error?.path).to.have.length.below(40);
    });
  });
});

describe(assertLinearPattern.name, () => {
  it('accepts anchored patterns with fixed-length repeated groups', () => {
    for (const ok of [/^[A-Z]{3}-\d{4}$/, /^(?:\d{3}-){2}\d{4}$/, /^(?:[A-Z]{2}-)+$/, /^[a-z]+(?:-[a-z]+)?$/, /^\$\d+$/, /^(?<code>[A-Z]{2})$/u]) {
      expect(() => assertLinearPattern(ok, 'test'), String(ok)).to.not.throw();
    }
  });

  it('refuses patterns that are not anchored, stateful, or super-linear', () => {
    for (const bad of [/^abc/, /abc$/, /^abc\$/, /^a|b$/, /^a$/y, /^(a*)*$/, /^(a|aa)+$/, /^(a{1,3}){2,}$/, /^(a?)+$/, /^(x)\1$/, /^(?<n>x)\k<n>$/, /^(?!x).*$/]) {
      expect(codeOf(() => assertLinearPattern(bad, 'test')), String(bad)).to.equal('CONFIG_INVALID');
    }
  });
});
