import type { z } from 'zod';
import { OutputValidationError } from '../errors/OutputValidationError.js';

/**
 * Options of {@link parseStructuredOutput}.
 * @category Validation
 */
export interface ParseStructuredOutputOptions {
  /** The most characters the reply may have; checked before anything else. Default 100 000. */
  readonly maxChars?: number;
  /** The deepest nesting of objects and arrays; checked before parsing. Default 64. */
  readonly maxDepth?: number;
}

/** The default size cap of a structured reply, in characters. */
const DEFAULT_MAX_CHARS = 100_000;
/** The default nesting cap of a structured reply. */
const DEFAULT_MAX_DEPTH = 64;

/**
 * Extracts, parses and validates the JSON in a model's reply (R-ACT-OUT-1), so that downstream code
 * gets a typed value or a typed error, never unchecked model text.
 *
 * @remarks
 * The reply is either plain JSON (surrounding whitespace allowed) or text holding exactly one
 * fenced block marked ` ```json ` (or unmarked); other fenced blocks are ignored and two candidate
 * blocks are refused as ambiguous. The size cap is checked first, then the nesting depth (a linear
 * scan), then `JSON.parse` (a key named `__proto__` anywhere is refused), then the schema. Every step
 * runs in linear time. Use `z.strictObject` to refuse extra keys; a plain `z.object` drops them.
 *
 * @param text - the model's reply
 * @param schema - the expected shape, usually built from {@link guard} schemas
 * @param options - size and depth caps
 * @returns the parsed value, typed by the schema
 * @throws {@link OutputValidationError} `OUTPUT_TOO_LARGE` when the reply is over `maxChars` or
 *   nested deeper than `maxDepth`; `OUTPUT_INVALID` when no single JSON document is found, it does
 *   not parse, or it does not match the schema (naming the first failing path, never the content)
 * @example
 * ```ts
 * const Answer = z.strictObject({ accountId: guard.recordId({ objects: ['Account'] }), summary: guard.string({ maxLength: 500 }) });
 * const answer = parseStructuredOutput(result.reply ?? '', Answer);
 * ```
 * @category Validation
 */
export function parseStructuredOutput<TSchema extends z.ZodType>(text: string, schema: TSchema, options: ParseStructuredOutputOptions = {}): z.output<TSchema> {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeof text !== 'string') throw invalid('not_json', 'is not text');
  if (text.length > maxChars) {
    throw new OutputValidationError('OUTPUT_TOO_LARGE', { path: '(root)', issue: 'too_large', problem: `is longer than ${maxChars} characters` });
  }
  const json = extractJson(text);
  const depth = nestingDepth(json, maxDepth);
  if (depth > maxDepth) {
    throw new OutputValidationError('OUTPUT_TOO_LARGE', { path: '(root)', issue: 'too_deep', problem: `is nested more than ${maxDepth} levels deep` });
  }
  let value: unknown;
  try {
    value = JSON.parse(json, refuseProtoKeys);
  } catch (error) {
    // The SyntaxError's message quotes the input, so it is neither copied nor kept as the cause.
    if (error === PROTO_KEY) throw invalid('proto_key', 'has a key named __proto__');
    throw invalid('not_json', 'is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw OutputValidationError.fromZod(result.error);
  return result.data;
}

/** Thrown inside the reviver when a `__proto__` key is found. */
const PROTO_KEY = Symbol('proto-key');

/** A `JSON.parse` reviver that refuses `__proto__` keys (prototype pollution in later merges). */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw PROTO_KEY;
  return value;
}

/** Builds an `OUTPUT_INVALID` error at the root. */
function invalid(issue: string, problem: string): OutputValidationError {
  return new OutputValidationError('OUTPUT_INVALID', { path: '(root)', issue, problem });
}

/**
 * Finds the JSON text in a reply: the whole reply when it starts with `{` or `[` (or holds no
 * fence), else the one fenced block marked `json` or unmarked. Linear in the reply's length.
 * @param text - the reply
 * @returns the JSON text
 * @throws {@link OutputValidationError} `OUTPUT_INVALID` when there are several candidate blocks or a fence is not closed
 */
function extractJson(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || !trimmed.includes('```')) return trimmed;
  const lines = text.split('\n');
  const blocks: string[] = [];
  let open: { ticks: number; candidate: boolean; start: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const ticks = leadingBackticks(line);
    if (ticks < 3) continue;
    if (open) {
      if (ticks >= open.ticks && line.length === ticks) {
        if (open.candidate) blocks.push(lines.slice(open.start, i).join('\n'));
        open = undefined;
      }
      continue;
    }
    const info = line.slice(ticks).trim().toLowerCase();
    open = { ticks, candidate: info === '' || info === 'json', start: i + 1 };
  }
  if (open) throw invalid('unclosed_fence', 'has a code fence that is never closed');
  if (blocks.length === 0) throw invalid('not_json', 'is neither JSON nor holds a ```json block');
  if (blocks.length > 1) throw invalid('ambiguous', `holds ${blocks.length} JSON blocks where one is expected`);
  return (blocks[0] as string).trim();
}

/** Counts the backticks a line starts with. */
function leadingBackticks(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 96) n++;
  return n;
}

/**
 * The nesting depth of a JSON text, counting brackets outside strings; stops early once over `cap`.
 * @param json - the text
 * @param cap - the depth at which to stop counting
 * @returns the greatest depth seen (at most `cap + 1`)
 */
function nestingDepth(json: string, cap: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > cap) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
