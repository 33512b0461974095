import { expect } from 'chai';
import { z } from 'zod';
import { guard, OutputValidationError, parseStructuredOutput } from '../../src/index.js';

const Triage = z.strictObject({
  caseId: guard.recordId({ objects: ['Case'] }),
  priority: guard.enumOf(['Low', 'Medium', 'High']),
  summary: guard.string({ maxLength: 100 }),
  tags: z.array(guard.string({ charset: 'alnum', maxLength: 20 })).max(5).default([]),
});

const GOOD = { caseId: '500000000000001', priority: 'High', summary: 'Printer on fire', tags: ['hardware'] };

/** Parses and returns the thrown output error (or fails). */
function refusal(text: string, schema: z.ZodType = Triage, options = {}): OutputValidationError {
  try {
    parseStructuredOutput(text, schema, options);
  } catch (e) {
    if (OutputValidationError.isOutputError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe(parseStructuredOutput.name, () => {
  describe('R-ACT-OUT-1: extraction', () => {
    it('parses plain JSON, with surrounding whitespace', () => {
      expect(parseStructuredOutput(`\n  ${JSON.stringify(GOOD)}  \n`, Triage)).to.deep.equal(GOOD);
    });

    it('parses a single ```json block with prose around it', () => {
      const text = `Here is the triage:\n\n\`\`\`json\n${JSON.stringify(GOOD, null, 2)}\n\`\`\`\nLet me know.`;
      expect(parseStructuredOutput(text, Triage)).to.deep.equal(GOOD);
    });

    it('parses an unmarked fence and ignores fences in other languages', () => {
      const text = `\`\`\`sql\nSELECT 1\n\`\`\`\n\`\`\`\n${JSON.stringify(GOOD)}\n\`\`\``;
      expect(parseStructuredOutput(text, Triage)).to.deep.equal(GOOD);
    });

    it('fills schema defaults', () => {
      const { tags: _tags, ...rest } = GOOD;
      expect(parseStructuredOutput(JSON.stringify(rest), Triage).tags).to.deep.equal([]);
    });

    it('refuses prose without JSON as not_json', () => {
      const e = refusal('The case is high priority.');
      expect(e.code).to.equal('OUTPUT_INVALID');
      expect(e.issue).to.equal('not_json');
    });

    it('refuses broken JSON without quoting it', () => {
      const e = refusal('{"caseId": "500000000000001", "secret": "hunter2",');
      expect(e.issue).to.equal('not_json');
      expect(e.message).to.not.include('hunter2');
      expect(e.cause).to.equal(undefined);
    });

    it('refuses two JSON blocks as ambiguous', () => {
      const block = `\`\`\`json\n${JSON.stringify(GOOD)}\n\`\`\``;
      expect(refusal(`${block}\nor\n${block}`).issue).to.equal('ambiguous');
    });

    it('refuses an unclosed fence', () => {
      expect(refusal(`\`\`\`json\n${JSON.stringify(GOOD)}`).issue).to.equal('unclosed_fence');
    });
  });

  describe('R-ACT-OUT-1: schema validation', () => {
    it('refuses extra keys when the schema is strict', () => {
      const e = refusal(JSON.stringify({ ...GOOD, isAdmin: true }));
      expect(e.issue).to.equal('unrecognized_keys');
      expect(e.message).to.not.include('isAdmin');
    });

    it('names the failing path for a nested value', () => {
      const e = refusal(JSON.stringify({ ...GOOD, tags: ['ok', 'not ok!'] }));
      expect(e.path).to.equal('tags[1]');
      expect(e.message).to.include('tags[1]').and.not.include('not ok!');
    });

    it('R-ACT-OUT-2: refuses a record id of the wrong object', () => {
      const e = refusal(JSON.stringify({ ...GOOD, caseId: '001000000000001' }));
      expect(e.path).to.equal('caseId');
      expect(e.issue).to.equal('custom');
    });

    it('refuses script injection in a string field through the charset', () => {
      const e = refusal(JSON.stringify({ ...GOOD, tags: ['<script>alert(1)</script>'] }));
      expect(e.path).to.equal('tags[0]');
    });

    it('refuses a __proto__ key anywhere', () => {
      const e = refusal('{"caseId":"500000000000001","priority":"High","summary":"x","tags":[],"__proto__":{"isAdmin":true}}');
      expect(e.issue).to.equal('proto_key');
      const nested = refusal('{"a":{"\\u005f_proto__":{"x":1}}}', z.unknown());
      expect(nested.issue).to.equal('proto_key');
    });
  });

  describe('R-ACT-OUT-1: size caps', () => {
    it('refuses a reply over maxChars before parsing (OUTPUT_TOO_LARGE)', () => {
      const big = JSON.stringify({ ...GOOD, summary: 'x'.repeat(200_000) });
      const e = refusal(big);
      expect(e.code).to.equal('OUTPUT_TOO_LARGE');
      expect(e.issue).to.equal('too_large');
      expect(refusal(JSON.stringify(GOOD), Triage, { maxChars: 20 }).code).to.equal('OUTPUT_TOO_LARGE');
    });

    it('refuses JSON nested deeper than maxDepth (OUTPUT_TOO_LARGE)', () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const e = refusal(deep, z.unknown(), { maxChars: 1_000_000 });
      expect(e.code).to.equal('OUTPUT_TOO_LARGE');
      expect(e.issue).to.equal('too_deep');
      expect(parseStructuredOutput('[[[1]]]', z.unknown(), { maxDepth: 3 })).to.deep.equal([[[1]]]);
      expect(refusal('[[[[1]]]]', z.unknown(), { maxDepth: 3 }).issue).to.equal('too_deep');
    });

    it('does not count brackets inside strings as nesting', () => {
      expect(parseStructuredOutput(JSON.stringify({ s: `${'['.repeat(500)}\\"` }), z.object({ s: z.string() }), { maxDepth: 2 }).s).to.have.length(502);
    });
  });
});
