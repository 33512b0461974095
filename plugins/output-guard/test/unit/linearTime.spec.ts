import { expect } from 'chai';
import { z } from 'zod';
import { encodeHtml, encodeHtmlAttribute, encodeMarkdown, guard, parseStructuredOutput, sanitizeMarkdownLinks, stripControlCharacters } from '../../src/index.js';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/**
 * One run's CPU time per KB of input, in milliseconds. CPU time rather than wall time, so that other
 * processes on a busy machine do not count.
 */
function timePerKb(fn: (text: string) => unknown, text: string): number {
  const t0 = process.cpuUsage();
  try {
    fn(text);
  } catch {
    // refusals count: they must be fast too
  }
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1e3 / (text.length / 1024);
}

/**
 * Times ordinary and adversarial input in alternation, nine rounds, keeping the best of each, so
 * that load on the machine weighs on both alike; fails when the adversarial input costs more than
 * 5× per KB.
 */
function expectLinear(fn: (text: string) => unknown, ordinary: string, adversarial: string): void {
  let ordinaryBest = Number.POSITIVE_INFINITY;
  let adversarialBest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 9; round++) {
    ordinaryBest = Math.min(ordinaryBest, timePerKb(fn, ordinary));
    adversarialBest = Math.min(adversarialBest, timePerKb(fn, adversarial));
  }
  expect(adversarialBest, `${adversarialBest.toFixed(4)} ms/KB vs ordinary ${ordinaryBest.toFixed(4)} ms/KB`).to.be.at.most(5 * ordinaryBest);
}

/** Model-like Markdown prose, with the punctuation, links and entities a reply usually has. */
const PROSE = fill(
  'The committee\'s "quarterly" report & results were reviewed; see [the report](https://docs.example.com/q3) or write to jane@acme.com. Next: **ship it**!\n\n',
);

/** Inputs made of the characters and fragments each scanner reacts to. */
const ADVERSARIAL: Record<string, string> = {
  'every character special (HTML)': fill('<>&"\''),
  'all ASCII punctuation': fill('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'),
  'backslashes': fill('\\'),
  'open brackets': fill('[[[['),
  'close brackets': fill(']]]]'),
  'link starts': fill(']('),
  'image starts': fill('![]('),
  'unclosed allowed destinations': fill('](https://docs.example.com/'),
  'nested URLs': fill('https://docs.example.com/https://'),
  'angle destinations': fill('](<'),
  'unclosed titles': fill('](x "'),
  'parenthesised titles': fill('](x ('),
  'nested parentheses': fill('](a(b(c(d(e('),
  'definitions': fill(']: '),
  'tags': fill('<a<b'),
  'fences': fill('```\n'),
  'tilde fences': fill('~~~\n'),
  'bare URL prefixes': fill('https://'),
  'www prefixes': fill('www.'),
  'long authority': fill(`https://${'a'.repeat(290)}`),
};

describe('encoders and JSON extraction run in linear time (1 MB adversarial input, R-ACT-OUT-1, R-ACT-OUT-3)', function () {
  this.timeout(300_000);

  const encoders: Record<string, (text: string) => unknown> = {
    encodeHtml,
    encodeHtmlAttribute,
    encodeMarkdown,
    sanitizeMarkdownLinks: (text) => sanitizeMarkdownLinks(text, { allowedHosts: ['docs.example.com'] }),
  };

  for (const [name, fn] of Object.entries(encoders)) {
    describe(name, () => {
      for (const [input, text] of Object.entries(ADVERSARIAL)) {
        it(`${input}: time per KB within 5× of ordinary text`, () => {
          expectLinear(fn, PROSE, text);
        });
      }
    });
  }

  describe('stripControlCharacters and the printable charset', () => {
    const ordinary = fill('Great work 👨‍👩‍👧 on the report; thanks!\n\tNext steps below.\n');
    const printable = guard.string({ charset: 'text', maxLength: 2 * MB });
    const inputs: Record<string, string> = {
      'control characters only': fill('\u202E\u0007\u200B'),
      'alternating controls': fill('a\u0007'),
      'tag characters': fill('\u{E0041}'),
      'lone surrogates': fill('\uD800a'),
    };
    for (const [name, fn] of Object.entries({ stripControlCharacters, 'guard.string': (t: string) => printable.safeParse(t) })) {
      for (const [input, text] of Object.entries(inputs)) {
        it(`${name}, ${input}: time per KB within 5× of ordinary text`, () => {
          expectLinear(fn, ordinary, text);
        });
      }
    }
  });

  describe('parseStructuredOutput', () => {
    const items = Array.from({ length: 11_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'], ok: true }));
    const ordinary = `Here you go:\n\`\`\`json\n${JSON.stringify(items)}\n\`\`\`\n`;
    const parse = (text: string): unknown => parseStructuredOutput(text, z.unknown(), { maxChars: 2 * MB });
    const inputs: Record<string, string> = {
      'fence lines': `x${fill('```\n')}`,
      'json fence lines': `x${fill('```json\n')}`,
      'deep nesting': fill('['),
      'escaped quotes': `["${fill('\\"')}"]`,
      'unterminated objects': fill('{"a":'),
      'backticks': `x${fill('`')}`,
      'prose': fill('hello world '),
    };
    for (const [input, text] of Object.entries(inputs)) {
      it(`${input}: time per KB within 5× of ordinary JSON`, () => {
        expectLinear(parse, ordinary, text);
      });
    }
  });
});
