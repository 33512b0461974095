import { expect } from 'chai';
import { selectTop } from '../../src/memory/selectTop.js';
import { mulberry32 } from './randomOrg.js';

describe(selectTop.name, () => {
  const byValue = (a: number, b: number): number => a - b;

  it('should return the k smallest items in order, like a full sort', () => {
    const random = mulberry32(5);
    for (const [n, k] of [
      [0, 3],
      [5, 10],
      [1_000, 1],
      [1_000, 7],
      [1_000, 249],
      [1_000, 1_000],
    ] as const) {
      const items = Array.from({ length: n }, () => Math.floor(random() * 500));
      expect(selectTop(items, byValue, k), `${n}/${k}`).to.deep.equal([...items].sort(byValue).slice(0, k));
    }
  });

  it('should return nothing for k of 0 and leave the input unchanged', () => {
    const items = [3, 1, 2];
    expect(selectTop(items, byValue, 0)).to.deep.equal([]);
    selectTop(items, byValue, 2);
    expect(items).to.deep.equal([3, 1, 2]);
  });
});
