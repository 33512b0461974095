import { expect } from 'chai';
import { deepFreeze, isDeepFrozen } from '../../../src/internal/deepFreeze.js';

describe('isDeepFrozen', () => {
  it('is true for primitives and deep-frozen values only', () => {
    expect(isDeepFrozen('x')).to.equal(true);
    expect(isDeepFrozen(null)).to.equal(true);
    expect(isDeepFrozen(deepFreeze({ a: [1, { b: 'c' }] }))).to.equal(true);
    expect(isDeepFrozen({ a: 1 })).to.equal(false);
    expect(isDeepFrozen(Object.freeze({ a: { b: 1 } }))).to.equal(false);
    expect(isDeepFrozen(Object.freeze([Object.freeze({}), {}]))).to.equal(false);
  });

  it('is false for getters, functions and frozen cycles', () => {
    expect(isDeepFrozen(Object.freeze({ get a() { return 1; } }))).to.equal(false);
    expect(isDeepFrozen(Object.freeze({ f: Object.freeze(() => 1) }))).to.equal(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(isDeepFrozen(Object.freeze(cyclic))).to.equal(false);
  });
});
