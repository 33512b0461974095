import { ConfigurationError } from '@agent-studio/core';

/**
 * Checks that a developer-supplied pattern for a model-generated value is anchored and free of the
 * shapes that make backtracking regexes super-linear (R-ACT-OUT-1), so that a hostile value cannot
 * stall the validator.
 *
 * @remarks
 * Refused: a pattern not anchored with `^…$` (a top-level `|` unanchors it: write `^(?:a|b)$`);
 * the `g` and `y` flags (they make `test` stateful); back-references; lookarounds; and a group
 * repeated more than once (`*`, `+`, `{n,}`, `{n,m}`, `{n}` with n above 1) whose body has a
 * variable length (another `*`, `+`, `?`, `{n,}` or `{n,m}`, or an alternation), such as `(a+)+`,
 * `(\w|\d)*` or `(?:\w+\.)+`. Fixed-length bodies pass: `^(?:\d{3}-){2}\d{4}$`. This is a
 * syntactic check, not a proof: adjacent overlapping repetitions such as `^\d+\d+$` stay quadratic
 * at worst, so always pair a pattern with a `maxLength`, which is checked first.
 *
 * @param pattern - the pattern
 * @param where - what the pattern is for, named in the error
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` naming the problem
 * @example
 * ```ts
 * assertLinearPattern(/^[A-Z]{3}-\d{4}$/, 'orderNumber'); // passes
 * assertLinearPattern(/^(a+)+$/, 'x');                     // throws CONFIG_INVALID
 * ```
 * @category Validation
 */
export function assertLinearPattern(pattern: RegExp, where: string): void {
  const fail = (why: string): never => {
    throw new ConfigurationError('CONFIG_INVALID', `The pattern for ${where} ${why}. Use an anchored pattern (^…$) without nested repetition.`, {
      details: { where },
    });
  };
  if (!(pattern instanceof RegExp)) fail('is not a RegExp');
  if (pattern.global || pattern.sticky) fail('uses the g or y flag, which makes test() stateful');
  const src = pattern.source;
  if (!src.startsWith('^') || !endsWithUnescapedDollar(src)) fail('is not anchored with ^ and $');
  // One frame per open group: whether its body has a variable length.
  const stack: { variable: boolean }[] = [{ variable: false }];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') fail('uses a back-reference');
      i += 2;
      continue;
    }
    if (c === '[') {
      i = skipClass(src, i);
      continue;
    }
    if (c === '(') {
      if (src.startsWith('(?=', i) || src.startsWith('(?!', i) || src.startsWith('(?<=', i) || src.startsWith('(?<!', i)) fail('uses a lookaround');
      stack.push({ variable: false });
      i += groupPrefixLength(src, i);
      continue;
    }
    if (c === '|') {
      if (stack.length === 1) fail('has a top-level alternation, which unanchors it (write ^(?:a|b)$)');
      const top = stack[stack.length - 1];
      if (top) top.variable = true;
      i += 1;
      continue;
    }
    if (c === ')') {
      const body = stack.pop();
      const q = quantifierAt(src, i + 1);
      if (body?.variable && q.repeats) fail('repeats a group whose body has a variable length');
      const parent = stack[stack.length - 1];
      if (parent && (body?.variable || q.variable)) parent.variable = true;
      i += 1 + q.length;
      continue;
    }
    const q = quantifierAt(src, i);
    if (q.length > 0) {
      const top = stack[stack.length - 1];
      if (top && q.variable) top.variable = true;
      i += q.length;
      continue;
    }
    i += 1;
  }
}

/** The length of a group's opening: `(`, `(?:`, `(?<name>` or a modifier group such as `(?i:`. */
function groupPrefixLength(src: string, i: number): number {
  if (src[i + 1] !== '?') return 1;
  const m = /^\(\?(?:<[A-Za-z_$][\w$]*>|[a-z-]*:)/.exec(src.slice(i, i + 80));
  return m ? m[0].length : 1;
}

/** Whether the source ends with a `$` that is not escaped. */
function endsWithUnescapedDollar(src: string): boolean {
  if (!src.endsWith('$')) return false;
  let backslashes = 0;
  for (let j = src.length - 2; j >= 0 && src[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 0;
}

/** Returns the index just after the character class that starts at `start`. */
function skipClass(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** A quantifier: its length in the source, whether it allows more than one match, and whether its count varies. */
interface Quantifier {
  readonly length: number;
  readonly repeats: boolean;
  readonly variable: boolean;
}

const NONE: Quantifier = { length: 0, repeats: false, variable: false };

/** The quantifier at `i`, if any (a lazy `?` suffix included). */
function quantifierAt(src: string, i: number): Quantifier {
  const c = src[i];
  let q: Quantifier = NONE;
  if (c === '*' || c === '+') q = { length: 1, repeats: true, variable: true };
  else if (c === '?') q = { length: 1, repeats: false, variable: true };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24));
    if (m) {
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
      q = { length: m[0].length, repeats: max > 1, variable: max !== min };
    }
  }
  return q.length > 0 && src[i + q.length] === '?' ? { ...q, length: q.length + 1 } : q;
}
