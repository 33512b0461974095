import { expect } from 'chai';
import { CustomerVerification } from '../../src/index.js';

function setup(overrides: Partial<{ codeTtlMs: number; maxAttempts: number }> = {}) {
  let now = 1_000_000;
  const sent: { customerId: string; code: string }[] = [];
  const v = new CustomerVerification(
    {
      directory: { findByEmail: (email: string) => (email === 'jane@example.com' ? 'C-1' : undefined) },
      notifier: { send: (customerId: string, _email: string, code: string) => void sent.push({ customerId, code }) },
      codeTtlMs: overrides.codeTtlMs ?? 300_000,
      maxAttempts: overrides.maxAttempts ?? 3,
      codeLength: 6,
    },
    () => now,
  );
  return { v, sent, advance: (ms: number) => (now += ms) };
}

describe(CustomerVerification.name, () => {
  it('R-ACT-VER-1: sends a 6-digit code to a known customer and verifies it once', async () => {
    const { v, sent } = setup();
    await v.send('t:s', 'Jane@Example.com ');
    expect(sent).to.have.length(1);
    expect(sent[0]?.code).to.match(/^\d{6}$/);
    expect(v.check('t:s', sent[0]?.code ?? '')).to.deep.equal({ ok: true, customerId: 'C-1' });
    expect(v.check('t:s', sent[0]?.code ?? '')).to.deep.equal({ ok: false, reason: 'no-code' });
  });

  it('sends nothing for an unknown address and answers the same way (no oracle)', async () => {
    const { v, sent } = setup();
    await v.send('t:s', 'nobody@example.com');
    expect(sent).to.have.length(0);
    expect(v.check('t:s', '123456')).to.deep.equal({ ok: false, reason: 'no-code' });
  });

  it('voids the code after the allowed number of wrong attempts', async () => {
    const { v, sent } = setup({ maxAttempts: 3 });
    await v.send('t:s', 'jane@example.com');
    const right = sent[0]?.code ?? '';
    const wrong = right === '000000' ? '111111' : '000000';
    expect(v.check('t:s', wrong).ok).to.equal(false);
    expect(v.check('t:s', wrong).ok).to.equal(false);
    expect(v.check('t:s', wrong)).to.deep.equal({ ok: false, reason: 'locked' });
    expect(v.check('t:s', right)).to.deep.equal({ ok: false, reason: 'no-code' });
  });

  it('expires codes', async () => {
    const { v, sent, advance } = setup({ codeTtlMs: 60_000 });
    await v.send('t:s', 'jane@example.com');
    advance(60_000);
    expect(v.check('t:s', sent[0]?.code ?? '')).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('keeps codes apart per session', async () => {
    const { v, sent } = setup();
    await v.send('t:a', 'jane@example.com');
    expect(v.check('t:b', sent[0]?.code ?? '')).to.deep.equal({ ok: false, reason: 'no-code' });
  });
});
