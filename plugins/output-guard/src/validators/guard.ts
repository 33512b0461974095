import { ConfigurationError } from '@agent-studio/core';
import { isValidRecordId, toCaseSafeId } from '@agent-studio/data';
import { z } from 'zod';
import { CONTROL, CONTROL_EXCEPT_WHITESPACE, INVISIBLE, UNASSIGNABLE } from '../internal/characterClasses.js';
import { HOST_PATTERN, hostMatches } from '../internal/hostMatches.js';
import { parseOptions } from '../internal/parseOptions.js';
import { assertLinearPattern } from './assertLinearPattern.js';
import { STANDARD_KEY_PREFIXES } from './standardKeyPrefixes.js';

/**
 * The characters a model-generated string may contain (R-ACT-OUT-1):
 * - `alnum`: ASCII letters and digits only;
 * - `ascii`: printable ASCII, space included (`\x20`–`\x7E`), which also refuses look-alike letters
 *   from other scripts;
 * - `printable`: any letter, digit, mark, punctuation, symbol or space, on one line: no control
 *   characters (tab and line breaks included), lone surrogates, private-use characters or
 *   invisible format characters (bidi overrides, zero-width spaces, tag characters);
 * - `text`: like `printable` but tab and line breaks are allowed;
 * - a `RegExp` of your own, anchored and linear (checked by {@link assertLinearPattern}).
 * @category Validation
 */
export type Charset = 'alnum' | 'ascii' | 'printable' | 'text' | RegExp;

/**
 * Options of {@link guard}`.string()`.
 * @category Validation
 */
export interface StringGuardOptions {
  /** The most characters (UTF-16 code units) after trimming and normalising; default 1000. Checked first. */
  readonly maxLength?: number;
  /** The fewest characters; default 0. */
  readonly minLength?: number;
  /** The allowed characters; default `printable`. */
  readonly charset?: Charset;
  /** Trim surrounding whitespace before the checks; default false. */
  readonly trim?: boolean;
  /** Unicode-normalise before the checks (`NFKC` also folds full-width and compatibility forms). */
  readonly normalize?: 'NFC' | 'NFKC';
}

/**
 * Options of {@link guard}`.number()`.
 * @category Validation
 */
export interface NumberGuardOptions {
  /** The smallest allowed value (inclusive). */
  readonly min?: number;
  /** The largest allowed value (inclusive). */
  readonly max?: number;
  /** Require a safe integer; default false. */
  readonly integer?: boolean;
}

/**
 * Options of {@link guard}`.recordId()`. Give `objects`, `keyPrefixes` or both: an id is accepted
 * only with a key prefix of the expected entity type (R-ACT-OUT-2).
 * @category Validation
 */
export interface RecordIdGuardOptions {
  /** Standard objects the id may belong to, by API name; their prefixes come from {@link STANDARD_KEY_PREFIXES}. */
  readonly objects?: readonly string[];
  /** Key prefixes (three letters or digits, case-sensitive) the id may start with, for custom objects. */
  readonly keyPrefixes?: readonly string[];
  /** Accept 15-character ids; default true. */
  readonly allow15?: boolean;
  /** Accept 18-character ids (with a correct case-safe checksum); default true. */
  readonly allow18?: boolean;
  /** Return every accepted id in its 18-character case-safe form; default false (as given). */
  readonly caseSafe?: boolean;
}

/**
 * Options of {@link guard}`.email()`.
 * @category Validation
 */
export interface EmailGuardOptions {
  /** Accept only these domains: `example.com` (exactly) or `*.example.com` (any subdomain), compared case-insensitively; default any. */
  readonly domains?: readonly string[];
  /** The most characters; default 254. */
  readonly maxLength?: number;
}

/**
 * Options of {@link guard}`.url()`.
 * @category Validation
 */
export interface UrlGuardOptions {
  /** The allowed schemes without the colon; default `['https']`. */
  readonly protocols?: readonly string[];
  /** The allowed hosts: `example.com` (exactly that host) or `*.example.com` (any subdomain); default any. */
  readonly hosts?: readonly string[];
  /** The most characters; default 2048. */
  readonly maxLength?: number;
}

const CharsetSchema = z.union([z.enum(['alnum', 'ascii', 'printable', 'text']), z.instanceof(RegExp)]);
const Length = z.number().int().min(0).max(10_000_000);

const StringOptionsSchema = z.strictObject({
  maxLength: Length.default(1000),
  minLength: Length.default(0),
  charset: CharsetSchema.default('printable'),
  trim: z.boolean().default(false),
  normalize: z.enum(['NFC', 'NFKC']).optional(),
});

const NumberOptionsSchema = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
});

const KeyPrefixSchema = z.string().regex(/^[A-Za-z0-9]{3}$/, 'a key prefix is three letters or digits');

const RecordIdOptionsSchema = z.strictObject({
  objects: z.array(z.string().min(1)).default([]),
  keyPrefixes: z.array(KeyPrefixSchema).default([]),
  allow15: z.boolean().default(true),
  allow18: z.boolean().default(true),
  caseSafe: z.boolean().default(false),
});

const EmailOptionsSchema = z.strictObject({
  domains: z.array(z.string().regex(HOST_PATTERN, 'a domain is a lowercase host name, optionally starting with *.')).optional(),
  maxLength: Length.default(254),
});

const UrlOptionsSchema = z.strictObject({
  protocols: z
    .array(z.string().regex(/^[a-z][a-z0-9+.-]{0,31}$/, 'a protocol is a lowercase scheme without the colon'))
    .min(1)
    .default(['https']),
  hosts: z.array(z.string().regex(HOST_PATTERN, 'a host is a lowercase host name, optionally starting with *.')).min(1).optional(),
  maxLength: Length.default(2048),
});

const CHARSETS: Readonly<Record<Exclude<Charset, RegExp>, RegExp>> = {
  alnum: /^[A-Za-z0-9]*$/,
  ascii: /^[\x20-\x7E]*$/,
  printable: new RegExp(`^[^${CONTROL}${UNASSIGNABLE}${INVISIBLE}]*$`, 'u'),
  text: new RegExp(`^[^${CONTROL_EXCEPT_WHITESPACE}${UNASSIGNABLE}${INVISIBLE}]*$`, 'u'),
};

const ID_SHAPE = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** Escapes a literal for use inside a RegExp. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds an anchored pattern matching any of the hosts (`*.x` matches subdomains of `x`).
 * @param hosts - lowercase host names
 * @returns the pattern
 */
function hostPattern(hosts: readonly string[]): RegExp {
  const alternatives = hosts.map((h) => (h.startsWith('*.') ? `(?:[a-z0-9-]+\\.)+${escapeRegExp(h.slice(2))}` : escapeRegExp(h)));
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/**
 * Builders of zod schemas for model-generated values (R-ACT-OUT-1, R-ACT-OUT-2). Each returns an
 * ordinary zod schema, so it composes with `z.object`, `z.array`, `.optional()` and the rest, and
 * its messages never repeat the value. Validate a value with {@link validateOutput}, or a whole
 * reply with {@link parseStructuredOutput}. Every builder checks its own options and throws
 * {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when they are wrong.
 *
 * @example
 * ```ts
 * const CaseUpdate = z.strictObject({
 *   caseId: guard.recordId({ objects: ['Case'] }),
 *   status: guard.enumOf(['New', 'Working', 'Closed']),
 *   subject: guard.string({ maxLength: 255, trim: true }),
 *   priority: guard.number({ min: 1, max: 5, integer: true }),
 *   contact: guard.email().optional(),
 *   link: guard.url({ hosts: ['*.example.com'] }).optional(),
 * });
 * const update = parseStructuredOutput(reply, CaseUpdate);
 * ```
 * @category Validation
 */
export const guard = Object.freeze({
  /**
   * A string with a length limit (checked first) and a character set (default `printable`, on one line).
   * @param options - length, charset, trimming and normalisation
   * @returns the schema
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad options or a non-linear pattern
   */
  string(options: StringGuardOptions = {}): z.ZodString {
    const o = parseOptions(StringOptionsSchema, options, 'guard.string');
    if (o.minLength > o.maxLength) throw new ConfigurationError('CONFIG_INVALID', 'guard.string: minLength is larger than maxLength.');
    let pattern: RegExp;
    let what: string;
    if (o.charset instanceof RegExp) {
      assertLinearPattern(o.charset, 'guard.string');
      pattern = o.charset;
      what = 'does not match the expected pattern';
    } else {
      pattern = CHARSETS[o.charset];
      what = `has characters outside the ${o.charset} character set`;
    }
    let schema = z.string();
    if (o.normalize) schema = schema.normalize(o.normalize);
    if (o.trim) schema = schema.trim();
    schema = schema.max(o.maxLength, { abort: true, error: `has more than ${o.maxLength} characters` });
    if (o.minLength > 0) schema = schema.min(o.minLength, { abort: true, error: `has fewer than ${o.minLength} characters` });
    return schema.regex(pattern, { error: what });
  },

  /**
   * A finite number, optionally a safe integer, within bounds.
   * @param options - bounds and whether it must be an integer
   * @returns the schema
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad options
   */
  number(options: NumberGuardOptions = {}): z.ZodNumber {
    const o = parseOptions(NumberOptionsSchema, options, 'guard.number');
    if (o.min !== undefined && o.max !== undefined && o.min > o.max) throw new ConfigurationError('CONFIG_INVALID', 'guard.number: min is larger than max.');
    let schema = z.number({ error: 'is not a finite number' });
    if (o.integer) schema = schema.int({ error: 'is not a safe integer' });
    if (o.min !== undefined) schema = schema.min(o.min, { error: `is below ${o.min}` });
    if (o.max !== undefined) schema = schema.max(o.max, { error: `is above ${o.max}` });
    return schema;
  },

  /**
   * A record id of an expected entity type (R-ACT-OUT-2): letters and digits only, 15 or 18
   * characters, one of the expected key prefixes, and for 18 characters a correct case-safe
   * checksum. Look-alike letters from other scripts, 8-character ids and ids whose case was changed
   * fail. Uses `isValidRecordId` from `@agent-studio/data`.
   * @param options - the expected objects or key prefixes, the accepted lengths and the output form
   * @returns the schema (its output is the id, or its case-safe form when `caseSafe` is set)
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when no prefix is
   *   known, an object is not a standard one, or both lengths are refused
   */
  recordId(options: RecordIdGuardOptions): z.ZodType<string, string> {
    const o = parseOptions(RecordIdOptionsSchema, options, 'guard.recordId');
    const prefixes = new Set(o.keyPrefixes);
    for (const object of o.objects) {
      const prefix = STANDARD_KEY_PREFIXES[object];
      if (prefix === undefined || !Object.hasOwn(STANDARD_KEY_PREFIXES, object)) {
        throw new ConfigurationError('CONFIG_INVALID', `guard.recordId: "${object}" is not a standard object with a known key prefix. Pass its prefix in keyPrefixes.`, {
          details: { object },
        });
      }
      prefixes.add(prefix);
    }
    if (prefixes.size === 0) {
      throw new ConfigurationError('CONFIG_INVALID', 'guard.recordId: give objects or keyPrefixes; an id is accepted only with the key prefix of the expected type (R-ACT-OUT-2).');
    }
    if (!o.allow15 && !o.allow18) throw new ConfigurationError('CONFIG_INVALID', 'guard.recordId: allow15 and allow18 are both false, so no id could pass.');
    const expected = o.objects.length > 0 ? [...o.objects, ...o.keyPrefixes].join(', ') : o.keyPrefixes.join(', ');
    const lengths = o.allow15 && o.allow18 ? '15 or 18' : o.allow15 ? '15' : '18';
    const schema = z.string().check((ctx) => {
      const id = ctx.value;
      const fail = (message: string): void => {
        ctx.issues.push({ code: 'custom', message, input: id });
      };
      if (id.length > 18 || !ID_SHAPE.test(id) || (id.length === 15 && !o.allow15) || (id.length === 18 && !o.allow18)) {
        fail(`is not a record id of ${lengths} letters and digits`);
      } else if (!prefixes.has(id.slice(0, 3))) {
        fail(`is not the id of a record of the expected type (${expected})`);
      } else if (!isValidRecordId(id, id.slice(0, 3))) {
        fail('has a wrong case-safe checksum');
      }
    });
    return o.caseSafe ? schema.transform((id) => toCaseSafeId(id)) : schema;
  },

  /**
   * One of a fixed list of strings, matched exactly.
   * @param values - the allowed values (at least one)
   * @returns the schema
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an empty list
   */
  enumOf<const TValues extends readonly [string, ...string[]]>(values: TValues): z.ZodType<TValues[number], TValues[number]> {
    parseOptions(z.array(z.string()).min(1), values, 'guard.enumOf');
    return z.enum(values as unknown as [string, ...string[]], { error: 'is not one of the allowed values' }) as unknown as z.ZodType<TValues[number], TValues[number]>;
  },

  /**
   * An e-mail address (zod's practical pattern, ASCII only), optionally on allowed domains.
   * @param options - allowed domains and the length limit
   * @returns the schema
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad options
   */
  email(options: EmailGuardOptions = {}): z.ZodType<string, string> {
    const o = parseOptions(EmailOptionsSchema, options, 'guard.email');
    const schema = z
      .string()
      .max(o.maxLength, { abort: true, error: `has more than ${o.maxLength} characters` })
      .pipe(z.email({ error: 'is not an e-mail address' }));
    if (!o.domains) return schema;
    const domains = o.domains;
    return schema.refine((v) => hostMatches(v.slice(v.lastIndexOf('@') + 1).toLowerCase(), domains), { error: 'is not on an allowed domain' });
  },

  /**
   * An absolute URL (WHATWG parsing, through zod) with an allowed scheme (default `https` only, so
   * `javascript:` and `data:` fail), optionally on allowed hosts; printable ASCII only (so
   * whitespace, control characters and look-alike hosts fail), and no user name or password.
   * @param options - schemes, hosts and the length limit
   * @returns the schema
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad options
   */
  url(options: UrlGuardOptions = {}): z.ZodType<string, string> {
    const o = parseOptions(UrlOptionsSchema, options, 'guard.url');
    const protocol = new RegExp(`^(?:${o.protocols.map(escapeRegExp).join('|')})$`);
    const url = z.url({ protocol, ...(o.hosts ? { hostname: hostPattern(o.hosts) } : {}), abort: true, error: 'is not an allowed URL' });
    return z
      .string()
      .max(o.maxLength, { abort: true, error: `has more than ${o.maxLength} characters` })
      .regex(/^[\x21-\x7E]*$/, { abort: true, error: 'has whitespace, control or non-ASCII characters' })
      .pipe(url)
      .refine(
        (v) => {
          const parsed = URL.canParse(v) ? new URL(v) : undefined;
          return parsed !== undefined && parsed.username === '' && parsed.password === '';
        },
        { error: 'carries a user name or password' },
      );
  },
});
