import { expect } from 'chai';
import { type CoercionIssue, coerceValue } from '../../src/coercion/coerceValue.js';
import type { FieldDefinition, FieldType } from '../../src/model/SecurityModelSchema.js';

function def(type: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return { type, classification: 'Internal', pii: false, required: false, ...extra };
}

function accepted(field: FieldDefinition, input: unknown): unknown {
  const result = coerceValue(field, 'F', input);
  if (!result.ok) expect.fail(`expected ${JSON.stringify(input)} to be accepted as ${field.type}, got: ${result.issue.guidance}`);
  return result.value;
}

function rejected(field: FieldDefinition, input: unknown): CoercionIssue {
  const result = coerceValue(field, 'F', input);
  if (result.ok) return expect.fail(`expected ${String(input)} to be rejected as ${field.type}, got ${JSON.stringify(result.value)}`);
  expect(result.issue.field).to.equal('F');
  expect(result.issue.targetType).to.equal(field.type);
  return result.issue;
}

const NON_SCALARS: readonly unknown[] = [{}, [], ['a'], { value: 1 }, new Date(0)];

describe(coerceValue.name, () => {
  describe('R-COERCE-2: null', () => {
    const types: FieldType[] = ['string', 'textarea', 'email', 'phone', 'url', 'integer', 'number', 'currency', 'percent', 'boolean', 'date', 'datetime', 'time', 'picklist', 'multipicklist', 'reference', 'id'];
    for (const type of types) {
      it(`R-COERCE-2: keeps null as null for a ${type} field`, () => {
        expect(accepted(def(type, { values: ['A'], length: 3 }), null)).to.equal(null);
      });
    }

    it('R-COERCE-4: refuses undefined with guidance to give a value or null', () => {
      expect(rejected(def('string'), undefined).guidance).to.match(/or null/);
    });
  });

  describe('R-COERCE-4: text types (string, email, phone, url, textarea)', () => {
    for (const type of ['string', 'email', 'phone', 'url'] as const) {
      it(`R-COERCE-4: accepts text within the length of a ${type} field`, () => {
        expect(accepted(def(type, { length: 5 }), 'abcde')).to.equal('abcde');
      });

      it(`R-COERCE-4: refuses text longer than the length of a ${type} field, naming the maximum`, () => {
        const issue = rejected(def(type, { length: 5 }), 'abcdef');
        expect(issue.inputType).to.equal('string');
        expect(issue.guidance).to.include('at most 5');
      });
    }

    it('R-COERCE-4: exempts textarea from the length limit', () => {
      expect(accepted(def('textarea', { length: 5 }), 'a much longer text')).to.equal('a much longer text');
    });

    it('R-COERCE-4: accepts any length when the field has none', () => {
      expect(accepted(def('string'), 'x'.repeat(10_000))).to.have.length(10_000);
    });

    it('R-COERCE-4: counts characters, not UTF-16 units', () => {
      expect(accepted(def('string', { length: 2 }), '😀😀')).to.equal('😀😀');
    });

    it('R-COERCE-4: keeps text as given (no trimming)', () => {
      expect(accepted(def('string'), '  a  ')).to.equal('  a  ');
    });

    it('R-COERCE-4: turns finite numbers and booleans into text', () => {
      expect(accepted(def('phone'), 5551234)).to.equal('5551234');
      expect(accepted(def('string'), true)).to.equal('true');
    });

    it('R-COERCE-4: refuses NaN, infinities, objects and arrays where text is expected', () => {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, ...NON_SCALARS]) {
        expect(rejected(def('string'), bad).guidance).to.match(/Give (a single value|text)/);
      }
      expect(rejected(def('string'), ['a']).inputType).to.equal('array');
      expect(rejected(def('string'), { a: 1 }).inputType).to.equal('object');
    });
  });

  describe('R-COERCE-4: picklist', () => {
    const field = def('picklist', { values: ['New', 'Working', 'Closed'] });

    it('R-COERCE-4: accepts an exact active value', () => {
      expect(accepted(field, 'Working')).to.equal('Working');
    });

    it('R-COERCE-4: refuses a value differing in case, listing the allowed values and the near match', () => {
      const issue = rejected(field, 'closed');
      expect(issue.guidance).to.include("'New', 'Working', 'Closed'");
      expect(issue.guidance).to.include("Did you mean 'Closed'?");
    });

    it('R-COERCE-4: refuses an inactive or unknown value, or padded text, listing the allowed values', () => {
      for (const bad of ['Escalated', ' New', '']) expect(rejected(field, bad).guidance).to.include("'New', 'Working', 'Closed'");
    });

    it('R-COERCE-4: refuses non-text values', () => {
      expect(rejected(field, 1).guidance).to.include('case-sensitive');
      expect(rejected(field, ['New']).guidance).to.include('not an object or an array');
    });
  });

  describe('R-COERCE-4: multipicklist', () => {
    const field = def('multipicklist', { values: ['A', 'B', 'C'] });

    it("R-COERCE-4: accepts ';'-separated active values, trimmed, normalized to 'A;B'", () => {
      expect(accepted(field, 'A;B')).to.equal('A;B');
      expect(accepted(field, ' A ; C ')).to.equal('A;C');
      expect(accepted(field, 'B')).to.equal('B');
    });

    it('R-COERCE-4: removes duplicate items', () => {
      expect(accepted(field, 'A;B;A')).to.equal('A;B');
    });

    it('R-COERCE-4: refuses an item that is not active (case-sensitive), listing the allowed values', () => {
      for (const bad of ['A;D', 'a;B']) {
        const issue = rejected(field, bad);
        expect(issue.guidance).to.include('Item');
        expect(issue.guidance).to.include("'A', 'B', 'C'");
      }
    });

    it('R-COERCE-4: refuses empty items', () => {
      for (const bad of ['', 'A;;B', 'A;']) expect(rejected(field, bad).guidance).to.include('empty');
    });

    it("R-COERCE-4: refuses an array, telling to join the values with ';'", () => {
      const issue = rejected(field, ['A', 'B']);
      expect(issue.inputType).to.equal('array');
      expect(issue.guidance).to.include("separated by ';'");
    });
  });

  describe('R-COERCE-4: integer', () => {
    const field = def('integer');

    it('R-COERCE-4: accepts whole numbers in the 32-bit range', () => {
      expect(accepted(field, 42)).to.equal(42);
      expect(accepted(field, -2_147_483_648)).to.equal(-2_147_483_648);
      expect(accepted(field, 2_147_483_647)).to.equal(2_147_483_647);
      expect(accepted(field, 7.0)).to.equal(7);
      expect(Object.is(accepted(field, -0), 0)).to.equal(true);
    });

    it('R-COERCE-4: accepts non-blank numeric text, trimmed, with no fractional part', () => {
      expect(accepted(field, '42')).to.equal(42);
      expect(accepted(field, ' -17 ')).to.equal(-17);
      expect(accepted(field, '+5')).to.equal(5);
      expect(accepted(field, '12.0')).to.equal(12);
      expect(accepted(field, '1e3')).to.equal(1000);
    });

    it('R-COERCE-4: refuses a fractional part', () => {
      expect(rejected(field, 1.5).guidance).to.include('fractional part');
      expect(rejected(field, '2.25').guidance).to.include('fractional part');
    });

    it('R-COERCE-4: refuses values outside the 32-bit range', () => {
      for (const bad of [2_147_483_648, -2_147_483_649, '9999999999', 1e20]) expect(rejected(field, bad).guidance).to.include('32-bit');
    });

    it('R-COERCE-5: refuses blank, formatted or non-numeric text with "without commas, currency symbols" guidance', () => {
      for (const bad of ['', '   ', '1,000', '$5', '0x10', 'ten', '5 apples', 'Infinity', 'NaN', '1_000']) {
        const issue = rejected(field, bad);
        expect(issue.inputType).to.equal('string');
        expect(issue.guidance).to.include('without commas, currency symbols');
      }
    });

    it('R-COERCE-4: refuses NaN, infinities, booleans, objects and arrays', () => {
      for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY, true, ...NON_SCALARS]) rejected(field, bad);
    });
  });

  describe('R-COERCE-4: number, currency, percent', () => {
    for (const type of ['number', 'currency', 'percent'] as const) {
      it(`R-COERCE-4: accepts finite numbers and numeric text for ${type}`, () => {
        expect(accepted(def(type), 12.5)).to.equal(12.5);
        expect(accepted(def(type), '1234.56')).to.equal(1234.56);
        expect(accepted(def(type), ' -0.5 ')).to.equal(-0.5);
        expect(accepted(def(type), '.5')).to.equal(0.5);
        expect(accepted(def(type), '2.5e2')).to.equal(250);
      });

      it(`R-COERCE-5: refuses commas, symbols and words for ${type} with "numeric without commas or currency symbols" guidance`, () => {
        for (const bad of ['1,234.56', '$12', '12 USD', '15%', '€3', '', 'abc', '1e400']) {
          expect(rejected(def(type), bad).guidance).to.include('without commas or currency symbols');
        }
      });

      it(`R-COERCE-4: refuses NaN, infinities, booleans, objects and arrays for ${type}`, () => {
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, false, ...NON_SCALARS]) rejected(def(type), bad);
      });
    }

    it('R-COERCE-5: tells the model to leave out the % sign for a percent', () => {
      expect(rejected(def('percent'), '15%').guidance).to.include('without the % sign');
    });

    it('R-COERCE-5: tells the model to leave out the currency symbol for a currency', () => {
      expect(rejected(def('currency'), '$12').guidance).to.include('without a currency symbol');
    });
  });

  describe('R-COERCE-4: boolean', () => {
    const field = def('boolean');

    it('R-COERCE-4: accepts booleans', () => {
      expect(accepted(field, true)).to.equal(true);
      expect(accepted(field, false)).to.equal(false);
    });

    it('R-COERCE-4: accepts true/1/yes/on as true, trimmed and case-insensitive', () => {
      for (const word of ['true', 'TRUE', ' True ', '1', 'yes', 'YES', 'on', 'On']) expect(accepted(field, word), word).to.equal(true);
    });

    it('R-COERCE-4: accepts false/0/no/off as false, trimmed and case-insensitive', () => {
      for (const word of ['false', 'False', '0', ' no', 'NO', 'off', 'OFF ']) expect(accepted(field, word), word).to.equal(false);
    });

    it('R-COERCE-4: turns non-zero numbers into true and zero into false', () => {
      expect(accepted(field, 1)).to.equal(true);
      expect(accepted(field, -3.5)).to.equal(true);
      expect(accepted(field, 0)).to.equal(false);
    });

    it('R-COERCE-5: refuses other words, NaN, objects and arrays, listing the accepted spellings', () => {
      for (const bad of ['y', 'n', 'maybe', '', '2', 'truee', Number.NaN, ...NON_SCALARS]) {
        expect(rejected(field, bad).guidance).to.match(/true or false|single value/);
      }
      expect(rejected(field, 'maybe').guidance).to.include('yes/no, on/off');
    });
  });

  describe('R-COERCE-4: date', () => {
    const field = def('date');

    it('R-COERCE-4: accepts ISO YYYY-MM-DD', () => {
      expect(accepted(field, '2026-03-31')).to.equal('2026-03-31');
      expect(accepted(field, '2024-02-29')).to.equal('2024-02-29');
    });

    it('R-COERCE-4: takes the date part (as written) of a valid date-time', () => {
      expect(accepted(field, '2026-03-31T23:30:00-05:00')).to.equal('2026-03-31');
      expect(accepted(field, '2026-03-31 08:00:00')).to.equal('2026-03-31');
    });

    it('R-COERCE-5: refuses invalid calendar dates, saying so and giving the format', () => {
      for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-01-01', '2026-02-30T10:00:00Z']) {
        const issue = rejected(field, bad);
        expect(issue.guidance, bad).to.include('does not exist');
        expect(issue.guidance).to.include('YYYY-MM-DD');
      }
    });

    it('R-COERCE-5: refuses other formats with the expected date format', () => {
      for (const bad of ['31/03/2026', '03/31/2026', '2026-3-31', 'March 31, 2026', '20260331', 'tomorrow', '', 1_774_915_200_000, ...NON_SCALARS]) {
        expect(rejected(field, bad).guidance).to.match(/YYYY-MM-DD|single value/);
      }
    });
  });

  describe('R-COERCE-4: datetime', () => {
    const field = def('datetime');

    it('R-COERCE-4: accepts ISO-8601 with T and outputs the UTC instant as an ISO string', () => {
      expect(accepted(field, '2026-03-31T14:30:00Z')).to.equal('2026-03-31T14:30:00.000Z');
      expect(accepted(field, '2026-03-31T14:30:00.123Z')).to.equal('2026-03-31T14:30:00.123Z');
      expect(accepted(field, '2026-03-31T14:30:00+02:00')).to.equal('2026-03-31T12:30:00.000Z');
      expect(accepted(field, '2026-03-31T23:30:00-0500')).to.equal('2026-04-01T04:30:00.000Z');
      expect(accepted(field, '2026-03-31T14:30')).to.equal('2026-03-31T14:30:00.000Z');
    });

    it("R-COERCE-4: accepts 'YYYY-MM-DD HH:mm:ss' as UTC", () => {
      expect(accepted(field, '2026-03-31 14:30:05')).to.equal('2026-03-31T14:30:05.000Z');
    });

    it('R-COERCE-4: turns a date into midnight UTC', () => {
      expect(accepted(field, '2026-03-31')).to.equal('2026-03-31T00:00:00.000Z');
    });

    it('R-COERCE-4: handles years before 100 without the two-digit-year trap', () => {
      expect(accepted(field, '0050-01-01')).to.equal('0050-01-01T00:00:00.000Z');
    });

    it('R-COERCE-5: refuses impossible dates and times, saying so', () => {
      for (const bad of ['2026-02-30T10:00:00Z', '2026-03-31T24:00:00Z', '2026-03-31T12:60:00Z', '2026-03-31T12:00:60Z', '2026-03-31T12:00:00+15:00', '2026-03-31 25:00:00']) {
        expect(rejected(field, bad).guidance, bad).to.include('does not exist');
      }
    });

    it('R-COERCE-5: refuses other formats with the expected date-time format', () => {
      for (const bad of ['2026-03-31 14:30', '31/03/2026 14:30', 'now', '2026-03-31T2:30:00Z', '', 1_774_915_200_000, ...NON_SCALARS]) {
        expect(rejected(field, bad).guidance).to.match(/ISO-8601|single value/);
      }
    });
  });

  describe('R-COERCE-4: time', () => {
    const field = def('time');

    it('R-COERCE-4: accepts HH:mm and HH:mm:ss, normalized to HH:mm:ss', () => {
      expect(accepted(field, '09:30')).to.equal('09:30:00');
      expect(accepted(field, '17:45:59')).to.equal('17:45:59');
      expect(accepted(field, '00:00')).to.equal('00:00:00');
    });

    it('R-COERCE-5: refuses other shapes and out-of-range parts with the expected time format', () => {
      for (const bad of ['9:30', '24:00', '12:60', '12:00:60', '12:00:00.000', '9am', '', 930, ...NON_SCALARS]) {
        expect(rejected(field, bad).guidance).to.match(/HH:mm|single value/);
      }
    });
  });

  describe('R-COERCE-4: id and reference', () => {
    for (const type of ['id', 'reference'] as const) {
      it(`R-COERCE-4: accepts a valid 15- or 18-character record id for ${type}`, () => {
        expect(accepted(def(type, { reference: 'Account' }), '0015000000Gv7qJ')).to.equal('0015000000Gv7qJ');
        expect(accepted(def(type, { reference: 'Account' }), '0015000000Gv7qJAAR')).to.equal('0015000000Gv7qJAAR');
      });

      it(`R-COERCE-5: refuses a malformed id for ${type} with the expected id shape`, () => {
        for (const bad of ['12345', '0015000000Gv7qJAAA', 'acme-corp', '0015000000Gv7q!', '', 15, ...NON_SCALARS]) {
          expect(rejected(def(type, { reference: 'Account' }), bad).guidance).to.match(/15 or 18 letters and digits|single value/);
        }
      });
    }

    it('R-COERCE-5: names the referenced object in the guidance', () => {
      expect(rejected(def('reference', { reference: 'Account' }), 'acme').guidance).to.include('of a Account record');
    });
  });

  describe('R-COERCE-5: issues', () => {
    it('R-COERCE-5: carry field name, target type, input type and guidance', () => {
      const result = coerceValue(def('date'), 'DueDate', 20260331);
      expect(result).to.deep.equal({
        ok: false,
        issue: { field: 'DueDate', targetType: 'date', inputType: 'number', guidance: 'Give a calendar date as YYYY-MM-DD, for example 2026-03-31.' },
      });
    });

    it('R-COERCE-5: never repeat the rejected value', () => {
      const secret = 'tok_4111111111111111';
      for (const type of ['integer', 'date', 'datetime', 'time', 'boolean', 'id', 'picklist', 'multipicklist'] as const) {
        expect(rejected(def(type, { values: ['A'] }), secret).guidance).not.to.include(secret);
      }
      expect(rejected(def('string', { length: 3 }), secret).guidance).not.to.include(secret);
    });
  });
});
