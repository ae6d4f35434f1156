import { cleanBody, hasLink, hasVisibleText, renderBody } from '../../src/common/render';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'blockquote', 'a']);
const REL = 'nofollow ugc noopener';

/** Every opening tag in `html` with its attributes. */
function tags(html: string): { name: string; attrs: Record<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map(([, name, rest]) => {
    const attrs: Record<string, string> = {};
    for (const [, k, v] of rest.matchAll(/([^\s=/]+)\s*=\s*"([^"]*)"/g)) attrs[k.toLowerCase()] = v;
    return { name: name.toLowerCase(), attrs };
  });
}

/** The output holds only allowed tags; links carry exactly an http(s)/mailto/relative href and the fixed rel. */
function expectSafe(html: string): void {
  for (const t of tags(html)) {
    expect(ALLOWED_TAGS).toContain(t.name);
    if (t.name === 'a') {
      expect(Object.keys(t.attrs).sort()).toEqual(['href', 'rel']);
      expect(t.attrs.rel).toBe(REL);
      expect(t.attrs.href).toMatch(/^(https?:|mailto:|\/(?!\/))/i);
    } else {
      expect(t.attrs).toEqual({});
    }
  }
}

describe('cleanBody', () => {
  it.each([
    ['Windows line endings', 'one\r\ntwo', 'one\ntwo'],
    ['old Mac line endings', 'one\rtwo', 'one\ntwo'],
    ['surrounding whitespace', '  \n hello \n\t ', 'hello'],
    ['NUL and other control characters', 'a\u0000b\u0007c\u001fd\u007fe', 'abcde'],
    ['vertical tab and form feed', 'a\u000bb\u000cc', 'abc'],
  ])('%s', (_label, input, expected) => {
    expect(cleanBody(input)).toBe(expected);
  });

  it('keeps tabs, newlines and non-ASCII text', () => {
    expect(cleanBody('a\tb\nc — ünïcödé 😀')).toBe('a\tb\nc — ünïcödé 😀');
  });
});

describe('hasVisibleText', () => {
  it.each([
    ['empty', ''],
    ['spaces and newlines', ' \n\t '],
    ['zero-width space, joiner and BOM', '\u200b\u200d\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['direction marks and isolates', '\u200e\u200f\u202a\u2066'],
    ['variation selectors', '\ufe0f\ufe00'],
    ['Hangul fillers', '\u3164\u115f\uffa0'],
  ])('%s: nothing visible', (_label, body) => {
    expect(hasVisibleText(body)).toBe(false);
  });

  it.each([
    ['a letter', 'a'],
    ['a letter between invisibles', '\u200bx\u200b'],
    ['an emoji', '😀'],
    ['punctuation', '.'],
  ])('%s: visible', (_label, body) => {
    expect(hasVisibleText(body)).toBe(true);
  });
});

describe('renderBody', () => {
  describe('light markdown renders', () => {
    it.each([
      ['emphasis', '*em*', '<p><em>em</em></p>'],
      ['underscore emphasis', '_em_', '<p><em>em</em></p>'],
      ['strong', '**strong**', '<p><strong>strong</strong></p>'],
      ['underscore strong', '__strong__', '<p><strong>strong</strong></p>'],
      ['a quote', '> quoted', '<blockquote>\n<p>quoted</p>\n</blockquote>'],
      ['a line break', 'one\ntwo', '<p>one<br />\ntwo</p>'],
      ['paragraphs', 'one\n\ntwo', '<p>one</p>\n<p>two</p>'],
    ])('%s', (_label, body, html) => {
      expect(renderBody(body)).toBe(html);
    });
  });

  describe('links get rel="nofollow ugc noopener"', () => {
    it.each([
      ['an https link', '[x](https://example.org)', 'https://example.org'],
      ['an http link with a title', '[x](http://example.org "title")', 'http://example.org'],
      ['a mailto link', '[me](mailto:me@example.org)', 'mailto:me@example.org'],
      ['a relative link', '[page](/path/page)', '/path/page'],
      ['a bare URL (linkify)', 'see https://example.org/a?b=1&c=2 now', 'https://example.org/a?b=1&amp;c=2'],
    ])('%s', (_label, body, href) => {
      const html = renderBody(body);
      expect(
        tags(html)
          .filter((t) => t.name === 'a')
          .map((t) => t.attrs),
      ).toEqual([{ href, rel: REL }]);
      expectSafe(html);
    });

    it('an anchor written as HTML stays escaped text: only its URL is linked, with href and rel alone', () => {
      const html = renderBody('<a href="https://example.org" onclick="x()" target="_blank">x</a>');
      expect(html).toContain('&lt;a href=');
      expect(
        tags(html)
          .filter((t) => t.name === 'a')
          .map((t) => t.attrs),
      ).toEqual([{ href: 'https://example.org', rel: REL }]);
      expectSafe(html);
    });
  });

  describe('links to other schemes stay text', () => {
    it.each([
      ['javascript:', '[x](javascript:alert(1))'],
      ['javascript: in mixed case', '[x](JaVaScRiPt:alert(1))'],
      ['javascript: after spaces', '[x](  javascript:alert(1))'],
      ['javascript: split by a tab', '[x](java\tscript:alert(1))'],
      ['data:', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
      ['vbscript:', '[x](vbscript:msgbox)'],
      ['ftp:', '[x](ftp://example.org)'],
      ['protocol-relative', '[x](//evil.example)'],
      ['a bare javascript: URL', 'javascript:alert(1)'],
    ])('%s', (_label, body) => {
      const html = renderBody(body);
      expect(hasLink(html)).toBe(false);
      expect(html).toBe(`<p>${body}</p>`);
    });

    it.each([
      ['javascript: split by an encoded tab', '[x](jav&#x09;ascript:alert(1))'],
      ['javascript: split by an encoded newline', '[x](java&#10;script:alert(1))'],
      ['a colon written as an entity', '[x](javascript&#x3a;alert(1))'],
      ['a percent-encoded space in the scheme', '[x](java%20script:alert(1))'],
      ['a relative-looking path with a colon before any slash', '[x](page:2)'],
    ])('%s: no link at all (not even a relative one)', (_label, body) => {
      const html = renderBody(body);
      expect(hasLink(html)).toBe(false);
      expectSafe(html);
    });

    it.each([
      ['a path with a colon after its first slash', '[x](/a:b)', '/a:b'],
      ['a fragment with a colon', '[x](#note:1)', '#note:1'],
      ['a query with a colon', '[x](?at=10:30)', '?at=10:30'],
    ])('%s stays a relative link', (_label, body, href) => {
      expect(
        tags(renderBody(body))
          .filter((t) => t.name === 'a')
          .map((t) => t.attrs.href),
      ).toEqual([href]);
    });
  });

  describe('no raw HTML passes', () => {
    it.each([
      ['<script>alert(1)</script>', '&lt;script&gt;'],
      ['<img src=x onerror=alert(1)>', '&lt;img'],
      ['<b>bold</b>', '&lt;b&gt;'],
      ['<p onclick="x">hi</p>', '&lt;p onclick'],
      ['<a href="javascript:alert(1)">x</a>', '&lt;a href'],
      ['<iframe src="https://evil.example"></iframe>', '&lt;iframe'],
      ['<svg onload=alert(1)>', '&lt;svg'],
      ['<style>body{display:none}</style>', '&lt;style&gt;'],
      ['&lt;script&gt; already escaped', '&lt;script&gt;'],
      ['http://a.example <b>', '&lt;b&gt;'],
    ])('%s comes out as text', (body, escaped) => {
      const html = renderBody(body);
      expect(html).toContain(escaped);
      expectSafe(html);
    });

    it.each([
      ['a heading', '# Title', '<p># Title</p>'],
      ['a list', '- item', '<p>- item</p>'],
      ['inline code', '`code`', '<p>`code`</p>'],
    ])('markdown beyond the light set stays literal: %s', (_label, body, html) => {
      expect(renderBody(body)).toBe(html);
    });

    it('an image becomes a plain link, never an <img>', () => {
      const html = renderBody('![alt](https://x.example/y.png)');
      expect(html).not.toContain('<img');
      expectSafe(html);
    });
  });
});

describe('hasLink', () => {
  it.each([
    ['a markdown link', '[x](https://example.org)', true],
    ['a bare URL', 'go to https://example.org', true],
    ['a mailto link', '[me](mailto:me@example.org)', true],
    ['plain text', 'no link here', false],
    ['a javascript: link (rendered as text)', '[x](javascript:alert(1))', false],
    ['raw anchor HTML to a javascript: URL (escaped)', '<a href="javascript:alert(1)">x</a>', false],
  ])('%s → %s', (_label, body, linked) => {
    expect(hasLink(renderBody(body))).toBe(linked);
  });
});
