import { expect } from 'chai';
import { RAW, runAgent, textOf, userContent } from './fixtures.js';

/** 60,000+ characters with personal data at the start, in the middle and at the very end. */
const BIG = `SSN ${RAW.ssn}. ${'lorem ipsum dolor '.repeat(1_700)}call +14155552671 ${'sit amet '.repeat(3_000)}mail ${RAW.email}`;

describe('size guard (R-PII-7)', () => {
  it('R-PII-7: by default a text over 50,000 characters is masked all the same, to its last character', async () => {
    expect(BIG.length).to.be.greaterThan(50_000);
    const { seen, masked, result } = await runAgent([{ content: 'ok' }], BIG);
    expect(result.status).to.equal('completed');
    const user = userContent(seen[0]);
    expect(user).to.not.include(RAW.ssn).and.not.include('+14155552671').and.not.include(RAW.email);
    expect(user.endsWith('mail [EMAIL:003]')).to.equal(true);
    expect(masked[0]).to.include({ oversizedTexts: 1, sizeGuard: 'mask' });
  });

  it('R-PII-7: passThrough (REF parity) sends the over-limit text without pattern masking and logs a warning without content', async () => {
    const { seen, logger } = await runAgent([{ content: 'ok' }], BIG, { pii: { sizeGuard: { onExceed: 'passThrough' } } });
    expect(userContent(seen[0])).to.equal(BIG);
    expect(logger.warn).to.have.been.calledOnce;
    const logged = JSON.stringify(logger.warn.args);
    expect(logged).to.include('passThrough').and.include('50000');
    expect(logged).to.not.include(RAW.email).and.not.include(RAW.ssn).and.not.include('lorem');
    expect(logged.length).to.be.lessThan(1_000);
  });

  it('R-PII-7: passThrough still masks texts under the limit', async () => {
    const { seen } = await runAgent([{ content: 'ok' }], `mail ${RAW.email}`, { pii: { sizeGuard: { onExceed: 'passThrough' } } });
    expect(textOf(seen[0])).to.not.include(RAW.email);
  });

  it('R-PII-7: reject blocks the model call with PII_INPUT_TOO_LARGE; the model is never called', async () => {
    const { seen, result } = await runAgent([{ content: 'ok' }], BIG, { pii: { sizeGuard: { onExceed: 'reject' } } });
    expect(result.status).to.equal('blocked');
    expect(result.block).to.include({ plugin: 'pii-masking', hook: 'beforeModelCall', code: 'PII_INPUT_TOO_LARGE' });
    expect(result.block?.reason).to.not.include(RAW.email);
    expect(seen).to.have.length(0);
  });

  it('R-PII-7: maxChars is configurable; 0 disables the guard', async () => {
    const small = await runAgent([{ content: 'ok' }], `${'x'.repeat(150)} ${RAW.email}`, { pii: { sizeGuard: { maxChars: 100, onExceed: 'reject' } } });
    expect(small.result.block?.code).to.equal('PII_INPUT_TOO_LARGE');
    const off = await runAgent([{ content: 'ok' }], BIG, { pii: { sizeGuard: { maxChars: 0, onExceed: 'reject' } } });
    expect(off.result.status).to.equal('completed');
    expect(userContent(off.seen[0])).to.not.include(RAW.email);
  });

  it('R-PII-7: the guard does not apply in schema mode (no pattern masking runs)', async () => {
    const { result } = await runAgent([{ content: 'ok' }], BIG, { pii: { mode: 'schema', sizeGuard: { onExceed: 'reject' } } });
    expect(result.status).to.equal('completed');
  });
});
