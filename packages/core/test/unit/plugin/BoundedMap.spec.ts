import { expect } from 'chai';
import { BoundedMap } from '../../../src/plugin/BoundedMap.js';

describe(BoundedMap.name, () => {
  it('drops the oldest entry when full, handing it to onEvict', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>(2, (key) => evicted.push(key));
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(evicted).to.deep.equal(['a']);
    expect(map.size).to.equal(2);
    expect(map.get('a')).to.equal(undefined);
  });

  it('takes and drains entries', () => {
    const map = new BoundedMap<string, number>(5);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.take('a')).to.equal(1);
    const seen: string[] = [];
    map.drain((key) => seen.push(key));
    expect(seen).to.deep.equal(['b']);
    expect(map.size).to.equal(0);
  });
});
