import { expect } from 'chai';
import {
  IBAN_LENGTHS,
  isPlausiblePhone,
  isValidAbaRouting,
  isValidIban,
  isValidIbanStrict,
  isValidIpv6,
  isValidLuhn,
  isValidPaymentCard,
  isValidSsn,
  runValidator,
} from '../../src/index.js';

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

  describe('payment cards (issuer prefix and length, then Luhn)', () => {
    it('accepts the issuers at their lengths', () => {
      for (const n of ['4111111111111111', '4222222222222', '4030874397740603788', '5555555555554444', '2221001234123450', '378282246310005', '30569309025904', '6011111111111117', '3530111333300000', '180000826105910', '213173282369527', '501864667909']) {
        expect(isValidPaymentCard(n), n).to.equal(true);
      }
    });
    it('rejects a wrong length for the issuer, an unknown prefix and a Luhn failure', () => {
      expect(isValidPaymentCard('411111111111113')).to.equal(false); // Visa has no 15-digit numbers
      expect(isValidPaymentCard('37828224631000')).to.equal(false); // Amex is 15 digits
      expect(isValidPaymentCard('9780354347952')).to.equal(false); // no issuer starts with 9
      expect(isValidPaymentCard('4111111111111112')).to.equal(false);
      expect(isValidPaymentCard('41111111111')).to.equal(false);
    });
  });

  describe('strict IBAN (country length, then mod-97)', () => {
    it('accepts registered countries at their length, any case, compact or spaced', () => {
      expect(isValidIbanStrict('GB82 WEST 1234 5698 7654 32')).to.equal(true);
      expect(isValidIbanStrict('be68539007547034')).to.equal(true);
      expect(IBAN_LENGTHS.DE).to.equal(22);
    });
    it('rejects an unknown country or a length that is not the country\'s', () => {
      expect(isValidIbanStrict('XX82WEST12345698765432')).to.equal(false);
      // mod-97 alone accepts it, but a GB IBAN has 22 characters
      expect(isValidIban('GB88WEST1234569876543')).to.equal(true);
      expect(isValidIbanStrict('GB88WEST1234569876543')).to.equal(false);
    });
  });

  describe('IPv6', () => {
    it('accepts full, compressed and IPv4-tailed forms', () => {
      for (const ip of ['2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8::1', '::1', '::ffff:10.0.0.1', '1::2:3:4:5:6:7', '::2:3:4:5:6:7:8']) expect(isValidIpv6(ip), ip).to.equal(true);
    });
    it('rejects wrong group counts, two "::", long groups, bad IPv4 tails and digit-free words', () => {
      for (const ip of ['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', '::ffff:256.0.0.1', '12:30:45', 'dead::beef', ':1:2:3:4:5:6:7']) {
        expect(isValidIpv6(ip), ip).to.equal(false);
      }
    });
  });

  describe('phone plausibility', () => {
    it('accepts 7 to 15 digits in any grouping, with an extension', () => {
      for (const p of ['467 3395', '+41 (0)38 549 02 90', '60-56-85-91', '(08) 8747 6301', '259.735.7502x459', '+1-604-696-5272 ext. 565', '5403926876']) {
        expect(isPlausiblePhone(p), p).to.equal(true);
      }
    });
    it('rejects too few or too many digits, dates, dotted quads, SSN shapes and runs of single digits', () => {
      for (const p of ['555 123', '1234 5678 9012 3456', '2024-05-17', '17.05.2024', '10.118.215.97', '536-22-1234', '1 2 3 4 5 6 7']) {
        expect(isPlausiblePhone(p), p).to.equal(false);
      }
    });
  });

  it('runValidator dispatches on the explicit validator type', () => {
    expect(runValidator('LUHN', '4111111111111111')).to.equal(true);
    expect(runValidator('IBAN_MOD97', 'DE89370400440532013000')).to.equal(true);
    expect(runValidator('SSN_INVALID', '666-12-3456')).to.equal(false);
    expect(runValidator('ABA_CHECKSUM', '021000021')).to.equal(true);
    expect(runValidator('PAYMENT_CARD', '501864667909')).to.equal(true);
    expect(runValidator('IBAN_STRICT', 'GB82WEST1234569876543')).to.equal(false);
    expect(runValidator('IPV6', '2001:db8::1')).to.equal(true);
    expect(runValidator('PHONE', '2024-05-17')).to.equal(false);
  });
});
