import { expect } from 'chai';
import { isJsonValue } from '../../../src/stores/isJsonValue.js';

describe('isJsonValue', () => {
  it('should accept plain JSON', () => {
    expect(isJsonValue({ a: [1, 'b', null, true, { c: -0.5 }], d: {} })).to.equal(true);
    expect(isJsonValue(Object.assign(Object.create(null), { a: 1 }))).to.equal(true);
  });

  it('should accept a shared (non-cyclic) sub-object', () => {
    const shared = { x: 1 };
    expect(isJsonValue({ a: shared, b: shared })).to.equal(true);
  });

  it('should refuse what does not survive a JSON round trip', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    for (const value of [undefined, () => 1, Symbol('s'), 1n, Number.NaN, Number.POSITIVE_INFINITY, new Date(0), new Map(), [1, , 3], cyclic, { u: undefined }]) {
      expect(isJsonValue(value), String(value)).to.equal(false);
    }
  });

  it('should refuse an object whose getter throws', () => {
    const hostile = {
      get x(): number {
        throw new Error('boom');
      },
    };
    expect(isJsonValue(hostile)).to.equal(false);
  });
});
