import { expect } from 'chai';
import { ValueMatcher } from '../../../src/schema/ValueMatcher.js';

function matcher(entries: Record<string, string>): ValueMatcher {
  const m = new ValueMatcher();
  for (const [value, token] of Object.entries(entries)) m.add(value, token);
  return m;
}

describe(ValueMatcher.name, () => {
  it('replaces every occurrence of every known value', () => {
    expect(matcher({ 'Okonkwo-Larsen': '[A:001]', 'jane@acme.com': '[B:002]' }).replace('Okonkwo-Larsen <jane@acme.com> Okonkwo-Larsen')).to.equal('[A:001] <[B:002]> [A:001]');
  });

  it('respects letter/digit boundaries at alphanumeric edges only', () => {
    const m = matcher({ '4711': '[N:001]', '+49 30': '[P:002]' });
    expect(m.replace('4711 947115 x4711 4711.')).to.equal('[N:001] 947115 x4711 [N:001].');
    expect(m.replace('call+49 30')).to.equal('call[P:002]');
  });

  it('takes the leftmost match, then the longest, never overlapping', () => {
    const m = matcher({ 'Jane Doe': '[A:001]', 'Doe Street': '[B:002]', Jane: '[C:003]', 'Jane Doe Street': '[D:004]' });
    expect(m.replace('Jane Doe Street, Jane, Doe Street, Jane Doe')).to.equal('[D:004], [C:003], [B:002], [A:001]');
  });

  it('finds a value that is a suffix of a failed longer one (fail links)', () => {
    const m = matcher({ abcd: '[A:001]', bcde: '[B:002]' });
    expect(m.replace('abcx bcde')).to.equal('abcx [B:002]');
    expect(m.replace('xabcde')).to.equal('xabcde');
  });

  it('never replaces text inside a token', () => {
    const m = matcher({ EMAIL: '[X:009]', '0012': '[Y:010]' });
    expect(m.replace('[EMAIL:0012] EMAIL 0012 [A:001]')).to.equal('[EMAIL:0012] [X:009] [Y:010] [A:001]');
  });

  it('returns the same string when nothing matches, and keeps the first token of a value', () => {
    const m = matcher({ value: '[A:001]' });
    m.add('value', '[B:002]');
    expect(m.replace('no match')).to.equal('no match');
    expect(m.replace('a value')).to.equal('a [A:001]');
    expect(m.size).to.equal(1);
  });

  it('runs in linear time on adversarial input (1 MB of near-matches against 500 overlapping values)', () => {
    const m = new ValueMatcher();
    for (let i = 4; i < 504; i++) m.add(`${'a'.repeat(i)}b`, `[X:${String(i).padStart(3, '0')}]`);
    const text = 'a'.repeat(1_000_000);
    const started = performance.now();
    expect(m.replace(text)).to.equal(text);
    expect(performance.now() - started).to.be.lessThan(2_000);
  });
});
