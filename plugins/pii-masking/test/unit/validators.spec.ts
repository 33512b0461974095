import { expect } from 'chai';
import { isValidAbaRouting, isValidIban, isValidLuhn, isValidSsn, runValidator } from '../../src/index.js';

describe('PII validators (R-PII-5)', () => {
  describe('Luhn', () => {
    it('accepts valid card numbers with or without separators', () => {
      expect(isValidLuhn('4111111111111111')).to.equal(true);
      expect(isValidLuhn('4111 1111 1111 1111')).to.equal(true);
      expect(isValidLuhn('5500-0000-0000-0004')).to.equal(true);
      expect(isValidLuhn('378282246310005')).to.equal(true);
    });
    it('rejects a wrong check digit and lengths outside 13–19', () => {
      expect(isValidLuhn('4111 1111 1111 1112')).to.equal(false);
      expect(isValidLuhn('4242424242')).to.equal(false);
      expect(isValidLuhn('00000000000000000000')).to.equal(false);
    });
  });

  describe('IBAN mod-97', () => {
    it('accepts valid IBANs, spaced or not, any case', () => {
      expect(isValidIban('GB82 WEST 1234 5698 7654 32')).to.equal(true);
      expect(isValidIban('DE89370400440532013000')).to.equal(true);
      expect(isValidIban('gb82west12345698765432')).to.equal(true);
    });
    it('rejects a wrong check, bad shape and bad length', () => {
      expect(isValidIban('GB83 WEST 1234 5698 7654 32')).to.equal(false);
      expect(isValidIban('1234WEST12345698765432')).to.equal(false);
      expect(isValidIban('GB82WEST1234')).to.equal(false);
    });
  });

  describe('SSN rules', () => {
    it('accepts ordinary SSNs', () => {
      expect(isValidSsn('123-45-6789')).to.equal(true);
      expect(isValidSsn('536221234')).to.equal(true);
    });
    it('rejects area 000, 666 and 9xx', () => {
      expect(isValidSsn('000-12-3456')).to.equal(false);
      expect(isValidSsn('666-12-3456')).to.equal(false);
      expect(isValidSsn('912-12-3456')).to.equal(false);
    });
    it('rejects group 00 and serial 0000', () => {
      expect(isValidSsn('123-00-4567')).to.equal(false);
      expect(isValidSsn('123-45-0000')).to.equal(false);
    });
    it('rejects all-same-digit and advertising SSNs, and wrong lengths', () => {
      expect(isValidSsn('111-11-1111')).to.equal(false);
      expect(isValidSsn('555555555')).to.equal(false);
      expect(isValidSsn('078-05-1120')).to.equal(false);
      expect(isValidSsn('12345678')).to.equal(false);
    });
  });

  describe('ABA routing checksum', () => {
    it('accepts valid routing numbers', () => {
      expect(isValidAbaRouting('021000021')).to.equal(true);
      expect(isValidAbaRouting('011000015')).to.equal(true);
      expect(isValidAbaRouting('121000358')).to.equal(true);
    });
    it('rejects a bad checksum, a bad first digit and a bad length', () => {
      expect(isValidAbaRouting('021000022')).to.equal(false);
      expect(isValidAbaRouting('400000004')).to.equal(false);
      expect(isValidAbaRouting('02100002')).to.equal(false);
    });
  });

  it('runValidator dispatches on the explicit validator type', () => {
    expect(runValidator('LUHN', '4111111111111111')).to.equal(true);
    expect(runValidator('IBAN_MOD97', 'DE89370400440532013000')).to.equal(true);
    expect(runValidator('SSN_INVALID', '666-12-3456')).to.equal(false);
    expect(runValidator('ABA_CHECKSUM', '021000021')).to.equal(true);
  });
});
