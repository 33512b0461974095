import { expect } from 'chai';
import { compareStrings, compareValues, compileCondition, testCondition } from '../../src/memory/conditions.js';
import { DataAccessError } from '../../src/errors/DataAccessError.js';
import { matchesCriterion } from '../../src/model/referenceAccess.js';

describe('memory conditions', () => {
  describe(testCondition.name, () => {
    const values: unknown[] = [undefined, null, 0, 1, 5, -2, '', 'a', 'b', 'B', true, false, [1], { a: 1 }];
    const conditions = [
      { field: 'x', op: 'eq', value: 1 },
      { field: 'x', op: 'eq', value: 'a' },
      { field: 'x', op: 'ne', value: 1 },
      { field: 'x', op: 'ne', value: 'a' },
      { field: 'x', op: 'in', value: ['a', 1] },
      { field: 'x', op: 'in', value: 'a' },
      { field: 'x', op: 'gt', value: 1 },
      { field: 'x', op: 'gte', value: 'a' },
      { field: 'x', op: 'lt', value: 1 },
      { field: 'x', op: 'lte', value: 'b' },
      { field: 'x', op: 'eq', value: true },
      { field: 'x', op: 'ne', value: false },
    ] as const;

    it('should agree with matchesCriterion on every operator and value, null never matching', () => {
      for (const c of conditions) {
        const compiled = compileCondition(c);
        for (const v of values) expect(testCondition(compiled, v), `${JSON.stringify(c)} on ${JSON.stringify(v)}`).to.equal(matchesCriterion({ Id: 'r', x: v }, c));
      }
    });

    it('should refuse an unknown operator with QUERY_INVALID', () => {
      expect(() => compileCondition({ field: 'x', op: 'like', value: 'a' }))
        .to.throw(DataAccessError)
        .with.property('code', 'QUERY_INVALID');
    });
  });

  describe(compareValues.name, () => {
    it('should put nulls last, then order booleans, numbers and strings', () => {
      const sorted = [null, 'b', 2, true, undefined, 'a', 10, false].sort(compareValues);
      expect(sorted.slice(0, 6)).to.deep.equal([false, true, 2, 10, 'a', 'b']);
      expect(sorted.slice(6).every((v) => v === null || v === undefined)).to.equal(true);
    });
  });

  describe(compareStrings.name, () => {
    it('should order by code point (UTF-8 byte order), unlike UTF-16 comparison', () => {
      const astral = '\u{1F600}';
      const high = '\uFF21';
      expect(astral < high).to.equal(true);
      expect(compareStrings(astral, high)).to.be.greaterThan(0);
      expect(compareStrings('ab', 'abc')).to.be.lessThan(0);
      expect(compareStrings('B', 'a')).to.be.lessThan(0);
      expect(compareStrings('x', 'x')).to.equal(0);
    });
  });
});
