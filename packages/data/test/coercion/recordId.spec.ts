import { expect } from 'chai';
import { isValidRecordId, toCaseSafeId } from '../../src/coercion/recordId.js';
import { DataAccessError } from '../../src/errors/DataAccessError.js';

describe('recordId (R-ACT-OUT-2)', () => {
  describe(toCaseSafeId.name, () => {
    // Worked by hand. The suffix has one character per 5-character chunk; in each chunk,
    // character i contributes 2^i when it is an uppercase A–Z; the sum indexes
    // 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.
    //   '001000000000001': chunks '00100' '00000' '00001' hold no uppercase → 0,0,0 → 'AAA'.
    //   '0015000000Gv7qJ': '00150' → 0 → 'A'; '00000' → 0 → 'A';
    //                      'Gv7qJ' → G (i=0) + J (i=4) = 1 + 16 = 17 → 'R'.
    //   'a0B5e00000AbCdE': 'a0B5e' → B (i=2) = 4 → 'E'; '00000' → 'A';
    //                      'AbCdE' → A (1) + C (4) + E (16) = 21 → 'V'.
    //   'ZZZZZZZZZZZZZZZ': every chunk 1+2+4+8+16 = 31 → '5' → '555'.
    const handWorked: readonly (readonly [string, string])[] = [
      ['001000000000001', '001000000000001AAA'],
      ['0015000000Gv7qJ', '0015000000Gv7qJAAR'],
      ['a0B5e00000AbCdE', 'a0B5e00000AbCdEEAV'],
      ['ZZZZZZZZZZZZZZZ', 'ZZZZZZZZZZZZZZZ555'],
    ];

    for (const [id15, id18] of handWorked) {
      it(`R-ACT-OUT-2: turns ${id15} into ${id18}`, () => {
        expect(toCaseSafeId(id15)).to.equal(id18);
      });
    }

    it('R-ACT-OUT-2: sets bit i for an uppercase letter at chunk position i', () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
      for (let mask = 0; mask < 32; mask++) {
        const chunk = [...'abcde'].map((c, i) => (mask & (1 << i) ? c.toUpperCase() : c)).join('');
        expect(toCaseSafeId(`${chunk}${chunk}${chunk}`).slice(15)).to.equal(alphabet.charAt(mask).repeat(3));
      }
    });

    it('R-ACT-OUT-2: returns a valid 18-character id unchanged', () => {
      expect(toCaseSafeId('0015000000Gv7qJAAR')).to.equal('0015000000Gv7qJAAR');
    });

    for (const bad of ['00150000Gv7qJ', '0015000000Gv7q!', '0015000000Gv7qJAAA', '']) {
      it(`R-ACT-OUT-2: throws INPUT_VALIDATION for '${bad}'`, () => {
        expect(() => toCaseSafeId(bad)).to.throw(DataAccessError).with.property('code', 'INPUT_VALIDATION');
      });
    }
  });

  describe(isValidRecordId.name, () => {
    it('R-ACT-OUT-2: accepts a 15-character alphanumeric id', () => {
      expect(isValidRecordId('0015000000Gv7qJ')).to.equal(true);
    });

    it('R-ACT-OUT-2: accepts an 18-character id with the correct checksum', () => {
      expect(isValidRecordId('0015000000Gv7qJAAR')).to.equal(true);
      expect(isValidRecordId('001000000000001AAA')).to.equal(true);
      expect(isValidRecordId(toCaseSafeId('500Qy00000XyZab'))).to.equal(true);
    });

    it('R-ACT-OUT-2: rejects an 18-character id with a wrong checksum', () => {
      expect(isValidRecordId('0015000000Gv7qJAAA')).to.equal(false);
      expect(isValidRecordId('001000000000001AAB')).to.equal(false);
    });

    it('R-ACT-OUT-2: rejects an 18-character id whose case was changed (strict checksum)', () => {
      expect(isValidRecordId('0015000000gv7qjAAR')).to.equal(false);
      expect(isValidRecordId('0015000000Gv7qJaar')).to.equal(false);
    });

    it('R-ACT-OUT-2: rejects lengths other than 15 and 18', () => {
      for (const id of ['', '00150000', '0015000000Gv7q', '0015000000Gv7qJA', '0015000000Gv7qJAA', '0015000000Gv7qJAARx']) {
        expect(isValidRecordId(id), id).to.equal(false);
      }
    });

    it('R-ACT-OUT-2: rejects non-alphanumeric characters', () => {
      for (const id of ['0015000000Gv7q-', '0015000000Gv7q ', ' 015000000Gv7qJ', '0015000000Gv7q\u00e9', "001' OR '1'='1"]) {
        expect(isValidRecordId(id), id).to.equal(false);
      }
    });

    it('R-ACT-OUT-2: rejects values that are not strings', () => {
      expect(isValidRecordId(15 as unknown as string)).to.equal(false);
      expect(isValidRecordId(null as unknown as string)).to.equal(false);
    });

    it('R-ACT-OUT-2: requires the known key prefix of the entity type when one is given', () => {
      expect(isValidRecordId('0015000000Gv7qJAAR', '001')).to.equal(true);
      expect(isValidRecordId('0015000000Gv7qJ', '001')).to.equal(true);
      expect(isValidRecordId('0015000000Gv7qJAAR', '003')).to.equal(false);
      expect(isValidRecordId('a0B5e00000AbCdE', 'a0b')).to.equal(false);
    });

    it('R-ACT-OUT-2: fails closed on a malformed key prefix', () => {
      expect(isValidRecordId('0015000000Gv7qJAAR', '')).to.equal(false);
      expect(isValidRecordId('0015000000Gv7qJAAR', '00')).to.equal(false);
      expect(isValidRecordId('0015000000Gv7qJAAR', '0015')).to.equal(false);
    });
  });
});
