import { expect } from 'chai';
import { DetectorContentMasker } from '../../src/index.js';

describe('DetectorContentMasker (R-AUDIT-4 masked policy)', () => {
  const masker = new DetectorContentMasker();

  it('replaces personal data by its type and keeps the masking plugin tokens', () => {
    expect(masker.mask('mail jane@acme.com, card 4111 1111 1111 1111, token [EMAIL:001]')).to.equal('mail [EMAIL], card [CC], token [EMAIL:001]');
  });

  for (const [name, secret] of [
    ['an OpenAI-style key', 'sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2'],
    ['a Stripe live key', 'sk_live_51HqPLANTEDabcdefghijklmn'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a JWT', 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1LTEiLCJ0ZW4iOiJhY21lIn0.c2lnbmF0dXJlLXBsYW50ZWQ'],
    ['a bearer credential', 'Bearer abcdefghijklmnopqrstuvwx'],
  ] as const) {
    it(`removes ${name}`, () => {
      const out = masker.mask(`here: ${secret} ok`);
      expect(out).to.not.include(secret);
      expect(out).to.include('[SECRET]');
    });
  }

  it('removes password and API-key assignments', () => {
    const out = masker.mask('login with password=Hunter2Planted! please; "api_key": "k-1234-PLANTED"');
    expect(out).to.not.include('Hunter2Planted');
    expect(out).to.not.include('k-1234-PLANTED');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Order ORD-1002 shipped; the password policy is strict; skip-list size 12.';
    expect(masker.mask(text)).to.equal(text);
  });
});
