import { expect } from 'chai';
import { MaskingSession } from '../../src/index.js';

describe('MaskingSession.reserveTokens (R-PII-12)', () => {
  it('moves the counter past foreign token numbers, so issued tokens never equal them', () => {
    const s = new MaskingSession();
    s.reserveTokens('old [SSN:004] and [FIELD_X__C:002]');
    expect(s.mask('SSN 123-45-6789')).to.equal('SSN [SSN:005]');
    expect(s.unmask('[SSN:004] [SSN:005]')).to.equal('[SSN:004] 123-45-6789');
  });

  it('never moves the counter back, and ignores numbers over 1,000,000', () => {
    const s = new MaskingSession();
    s.reserveTokens('[A:010]');
    s.reserveTokens('[A:003] [A:99999999]');
    expect(s.tokenFor('v', 'P')).to.equal('[P:011]');
  });
});
