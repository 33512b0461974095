import type { FieldDefinition, FieldType } from '../model/SecurityModelSchema.js';
import { isValidRecordId } from './recordId.js';

/**
 * Why one value could not be converted to its field's type, with guidance the model can act on to
 * correct its call (R-COERCE-5). The guidance never repeats the rejected value.
 * @category Coercion
 */
export interface CoercionIssue {
  /** The field's canonical API name. */
  readonly field: string;
  /** The field's type. */
  readonly targetType: FieldType;
  /** The JavaScript type of the value supplied: `string`, `number`, `boolean`, `array`, `object`, …, or `multiple` for a field given twice. */
  readonly inputType: string;
  /** What to send instead: the expected format, the allowed values, the maximum length. */
  readonly guidance: string;
}

/**
 * A value converted to its field's storage form: text for string, picklist, date (`YYYY-MM-DD`),
 * datetime (ISO-8601 UTC), time (`HH:mm:ss`) and id fields; a number for integer and decimal
 * fields; a boolean; or null.
 * @category Coercion
 */
export type CoercedValue = string | number | boolean | null;

/**
 * The outcome of {@link coerceValue}: the converted value, or the issue that prevented it.
 * @category Coercion
 */
export type CoerceValueResult =
  | {
      /** The value was converted. */
      readonly ok: true;
      /** The converted value. */
      readonly value: CoercedValue;
    }
  | {
      /** The value could not be converted. */
      readonly ok: false;
      /** Why, with guidance for the model. */
      readonly issue: CoercionIssue;
    };

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
/** A plain decimal: optional sign, digits with an optional fraction, optional exponent. No commas, symbols, hex or spaces. */
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const SPACE_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

const BOOLEAN_GUIDANCE = 'Use true or false (also accepted, case-insensitive: 1/0, yes/no, on/off).';
const DATE_GUIDANCE = 'Give a calendar date as YYYY-MM-DD, for example 2026-03-31.';
const DATETIME_GUIDANCE =
  'Give an ISO-8601 date-time with a T, for example 2026-03-31T14:30:00Z or 2026-03-31T14:30:00+02:00 (no offset means UTC); "YYYY-MM-DD HH:mm:ss" (UTC) and a plain date YYYY-MM-DD (midnight UTC) are also accepted.';
const TIME_GUIDANCE = 'Give a time of day as HH:mm or HH:mm:ss in 24-hour form, for example 09:30 or 17:45:00.';
const SCALAR_GUIDANCE = 'Give a single value, not an object or an array.';

/**
 * Converts one value to a field's type, strictly, following the conversion table of R-COERCE-4.
 *
 * @remarks
 * - `null` is kept as `null` for every type (clearing the field); `undefined` is refused.
 * - string, email, phone, url: text (finite numbers and booleans are turned into text); at most
 *   `length` characters (counted as code points) when the field has one. textarea: text, no
 *   length limit. No format check of e-mail addresses, phone numbers or URLs is made here.
 * - picklist: text exactly equal (case-sensitive, untrimmed) to an active value.
 * - multipicklist: text of `;`-separated items; each item is trimmed and must exactly equal an
 *   active value; empty items are refused, duplicates are removed; the result is `'A;B'`.
 * - integer: a whole JSON number or numeric text (trimmed, no commas or symbols, a zero fraction
 *   such as `12.0` allowed) within the 32-bit range.
 * - number, currency, percent: a finite JSON number or numeric text (trimmed, no commas,
 *   currency symbols or `%`).
 * - boolean: a boolean; text `true/1/yes/on` or `false/0/no/off` (trimmed, case-insensitive); a
 *   finite number (non-zero is true).
 * - date: `YYYY-MM-DD`, or the date part (as written, without shifting time zones) of a valid
 *   date-time; the result is `YYYY-MM-DD`.
 * - datetime: ISO-8601 with a `T` (seconds, fraction and offset optional; no offset means UTC),
 *   `YYYY-MM-DD HH:mm:ss` (UTC), or `YYYY-MM-DD` (midnight UTC); the result is the UTC instant as
 *   `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * - time: `HH:mm` or `HH:mm:ss`; the result is `HH:mm:ss`.
 * - id, reference: a record id accepted by {@link isValidRecordId}, returned as given.
 *
 * Dates are checked against the calendar (2026-02-30 is refused), NaN and infinities are
 * refused, and objects or arrays are refused wherever a single value is expected. Text inputs of
 * the non-text types are trimmed before parsing.
 *
 * @example
 * ```ts
 * coerceValue({ type: 'integer', ...rest }, 'Quantity', '42'); // { ok: true, value: 42 }
 * coerceValue({ type: 'date', ...rest }, 'DueDate', '31/03/2026'); // { ok: false, issue: { guidance: 'Give a calendar date as YYYY-MM-DD…' } }
 * ```
 * @param field - the field's definition
 * @param fieldName - the field's canonical API name, named in the issue
 * @param value - the value supplied (typically parsed from the model's JSON arguments)
 * @returns the converted value, or the issue with guidance
 * @category Coercion
 */
export function coerceValue(field: FieldDefinition, fieldName: string, value: unknown): CoerceValueResult {
  if (value === null) return ok(null);
  const fail = (guidance: string): CoerceValueResult => ({ ok: false, issue: { field: fieldName, targetType: field.type, inputType: typeOf(value), guidance } });
  if (value === undefined) return fail(`Give a value for ${fieldName}, or null to clear it.`);
  if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
    const hint = field.type === 'multipicklist' ? ` ${multiGuidance(field)}` : '';
    return fail(`${SCALAR_GUIDANCE}${hint}`);
  }
  switch (field.type) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'textarea':
      return coerceText(field, fieldName, value, fail);
    case 'picklist':
      return coercePicklist(field, value, fail);
    case 'multipicklist':
      return coerceMultiPicklist(field, value, fail);
    case 'integer':
      return coerceInteger(value, fail);
    case 'number':
    case 'currency':
    case 'percent':
      return coerceDecimal(field.type, value, fail);
    case 'boolean':
      return coerceBoolean(value, fail);
    case 'date':
      return coerceDate(value, fail);
    case 'datetime':
      return coerceDateTime(value, fail);
    case 'time':
      return coerceTime(value, fail);
    case 'id':
    case 'reference':
      return coerceId(field, value, fail);
    default:
      // R-COERCE-4: a type without a conversion passes through unchanged. The schema's enum makes
      // this unreachable for validated models.
      return ok(value as CoercedValue);
  }
}

type Fail = (guidance: string) => CoerceValueResult;

function ok(value: CoercedValue): CoerceValueResult {
  return { ok: true, value };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function coerceText(field: FieldDefinition, fieldName: string, value: unknown, fail: Fail): CoerceValueResult {
  const max = field.type === 'textarea' ? undefined : field.length;
  const shape = max === undefined ? 'Give text' : `Give text of at most ${max} characters`;
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') text = String(value);
  else return fail(`${shape}.`);
  if (max !== undefined) {
    const length = [...text].length;
    if (length > max) return fail(`The text has ${length} characters but ${fieldName} holds at most ${max}. Shorten it to ${max} characters or fewer.`);
  }
  return ok(text);
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function coercePicklist(field: FieldDefinition, value: unknown, fail: Fail): CoerceValueResult {
  const active = field.values ?? [];
  if (typeof value === 'string' && active.includes(value)) return ok(value);
  let guidance = active.length === 0 ? 'This picklist has no active values; give null or leave it out.' : `Use exactly one of these values (case-sensitive): ${quoteList(active)}.`;
  if (typeof value === 'string') {
    const near = active.find((v) => v.toLowerCase() === value.trim().toLowerCase());
    if (near !== undefined) guidance += ` Did you mean '${near}'?`;
  }
  return fail(guidance);
}

function multiGuidance(field: FieldDefinition): string {
  const active = field.values ?? [];
  return `Give one or more values separated by ';' in one string, for example '${active.slice(0, 2).join(';') || 'A;B'}', each exactly one of (case-sensitive): ${quoteList(active)}.`;
}

function coerceMultiPicklist(field: FieldDefinition, value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value !== 'string') return fail(multiGuidance(field));
  const active = new Set(field.values ?? []);
  const items = value.split(';').map((s) => s.trim());
  const out: string[] = [];
  for (const [i, item] of items.entries()) {
    if (item === '') return fail(`Item ${i + 1} is empty; give null to clear the field. ${multiGuidance(field)}`);
    if (!active.has(item)) return fail(`Item ${i + 1} is not an active value. ${multiGuidance(field)}`);
    if (!out.includes(item)) out.push(item);
  }
  return ok(out.join(';'));
}

/** Parses a finite number from a JSON number or strict numeric text; undefined otherwise. */
function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!NUMERIC.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function coerceInteger(value: unknown, fail: Fail): CoerceValueResult {
  const guidance = `Give a whole number between ${INT_MIN} and ${INT_MAX}, as a JSON number or numeric text without commas, currency symbols or a fractional part, for example 42.`;
  const n = toFiniteNumber(value);
  if (n === undefined) return fail(guidance);
  if (!Number.isInteger(n)) return fail(`The number has a fractional part. ${guidance}`);
  if (n < INT_MIN || n > INT_MAX) return fail(`The number is outside the 32-bit range. ${guidance}`);
  return ok(n === 0 ? 0 : n);
}

function coerceDecimal(type: 'number' | 'currency' | 'percent', value: unknown, fail: Fail): CoerceValueResult {
  const n = toFiniteNumber(value);
  if (n !== undefined) return ok(n === 0 ? 0 : n);
  const example = type === 'currency' ? ' (for example 1234.56, without a currency symbol or code)' : type === 'percent' ? ' (for example 15 for 15%, without the % sign)' : ' (for example 1234.5)';
  return fail(`Give a finite number as a JSON number or numeric text without commas or currency symbols${example}.`);
}

function coerceBoolean(value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'number') return Number.isNaN(value) ? fail(BOOLEAN_GUIDANCE) : ok(value !== 0);
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return fail(BOOLEAN_GUIDANCE);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether year/month/day (as text) name a real calendar day in years 0001–9999. */
function isCalendarDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

interface ParsedDateTime {
  readonly date: string;
  readonly epochMs: number;
}

/** Parses the accepted date-time forms (or a plain date) to an instant; undefined when invalid. */
function parseDateTime(text: string): ParsedDateTime | undefined {
  const m = ISO_DATETIME.exec(text) ?? SPACE_DATETIME.exec(text) ?? DATE.exec(text);
  if (!m) return undefined;
  const [, y = '', mo = '', d = '', h = '00', mi = '00', s = '00', frac = '', offset = 'Z'] = m;
  if (!isCalendarDate(y, mo, d)) return undefined;
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) return undefined;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const instant = new Date(0);
  instant.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  instant.setUTCHours(hour, minute, second, ms);
  const epochMs = instant.getTime() - offsetMinutes * 60_000;
  const year = new Date(epochMs).getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  return { date: `${y}-${mo}-${d}`, epochMs };
}

function coerceDate(value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value !== 'string') return fail(DATE_GUIDANCE);
  const text = value.trim();
  const parsed = parseDateTime(text);
  if (parsed) return ok(parsed.date);
  const shape = DATE.exec(text) ?? ISO_DATETIME.exec(text) ?? SPACE_DATETIME.exec(text);
  return fail(shape ? `That date does not exist in the calendar. ${DATE_GUIDANCE}` : DATE_GUIDANCE);
}

function coerceDateTime(value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value !== 'string') return fail(DATETIME_GUIDANCE);
  const text = value.trim();
  const parsed = parseDateTime(text);
  if (parsed) return ok(new Date(parsed.epochMs).toISOString());
  const shape = DATE.exec(text) ?? ISO_DATETIME.exec(text) ?? SPACE_DATETIME.exec(text);
  return fail(shape ? `That date or time of day does not exist. ${DATETIME_GUIDANCE}` : DATETIME_GUIDANCE);
}

function coerceTime(value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value !== 'string') return fail(TIME_GUIDANCE);
  const m = TIME.exec(value.trim());
  if (!m) return fail(TIME_GUIDANCE);
  const [, h = '', mi = '', s = '00'] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return fail(`Hours run 00–23 and minutes and seconds 00–59. ${TIME_GUIDANCE}`);
  return ok(`${h}:${mi}:${s}`);
}

function coerceId(field: FieldDefinition, value: unknown, fail: Fail): CoerceValueResult {
  if (typeof value === 'string') {
    const id = value.trim();
    if (isValidRecordId(id)) return ok(id);
  }
  const target = field.type === 'reference' && field.reference !== undefined ? ` of a ${field.reference} record` : '';
  return fail(
    `Give the record id${target} exactly as a query or an earlier tool result returned it: 15 or 18 letters and digits (for example 001000000000001AAA), case-sensitive; never invent or shorten an id.`,
  );
}
