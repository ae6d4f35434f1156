/**
 * `html` is the only field a client inserts as HTML: hostile input must come out inert, light
 * markdown must still render, and `body` keeps the text as written.
 */
import { startApp, TestApp } from './support/app';
import { NO_FLOOD_LIMIT, patchSettings } from './support/factories';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'blockquote', 'a']);
const REL = 'nofollow ugc noopener';

/** Decodes the entities sanitize-html and markdown-it emit (enough to see what a browser would). */
function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&amp;/g, '&');
}

interface Tag {
  raw: string;
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
}

/** Splits html into tags and text, failing on anything that is neither a clean tag nor escaped text. */
function parse(html: string): { tags: Tag[]; text: string } {
  const tags: Tag[] = [];
  const TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z-]+="[^"<>]*")*)\s*\/?>/g;
  const text = html.replace(TAG, (raw, slash, name, attrText) => {
    const attrs: Record<string, string> = {};
    const rest = attrText.replace(/\s+([A-Za-z-]+)="([^"]*)"/g, (_: string, k: string, v: string) => {
      expect(attrs).not.toHaveProperty(k.toLowerCase());
      attrs[k.toLowerCase()] = v;
      return '';
    });
    expect(rest.trim()).toBe('');
    tags.push({ raw, name: name.toLowerCase(), closing: slash === '/', attrs });
    return '';
  });
  return { tags, text };
}

/** The invariants every rendering must hold, whatever the input. */
function expectSafe(html: string): Tag[] {
  expect(typeof html).toBe('string');
  expect(html).not.toMatch(/<\s*script/i);
  expect(html).not.toMatch(/<\s*\/?\s*(iframe|img|svg|style|object|embed|form|input|meta|base|link|math|template|body|div|span)\b/i);
  const { tags, text } = parse(html);
  // Whatever is not a tag is escaped text: a browser cannot see markup in it.
  expect(text).not.toMatch(/[<>]/);
  for (const tag of tags) {
    expect(ALLOWED_TAGS).toContain(tag.name);
    expect(tag.raw).not.toMatch(/\son\w+\s*=/i);
    expect(tag.raw).not.toMatch(/style\s*=/i);
    const squashed = decodeEntities(tag.raw)
      .replace(/[\s\u0000-\u001f]+/g, '')
      .toLowerCase();
    expect(squashed).not.toContain('javascript:');
    expect(squashed).not.toContain('vbscript:');
    expect(squashed).not.toContain('data:');
    if (tag.closing) {
      expect(tag.attrs).toEqual({});
    } else if (tag.name === 'a') {
      expect(Object.keys(tag.attrs).sort()).toEqual(['href', 'rel']);
      expect(tag.attrs.rel).toBe(REL);
      const href = decodeEntities(tag.attrs.href).trim();
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
      if (scheme) expect(['http', 'https', 'mailto']).toContain(scheme);
      expect(href.startsWith('//')).toBe(false);
    } else {
      expect(tag.attrs).toEqual({});
    }
  }
  // Tags balance (br stands alone).
  const stack: string[] = [];
  for (const tag of tags) {
    if (tag.name === 'br') continue;
    if (tag.closing) expect(stack.pop()).toBe(tag.name);
    else stack.push(tag.name);
  }
  expect(stack).toEqual([]);
  return tags;
}

/** The visible text of the html, tags removed and entities decoded. */
const visibleText = (html: string) => decodeEntities(parse(html).text);

describe('rendering comments to html', () => {
  let t: TestApp;
  let token: string;

  async function render(body: string): Promise<{ body: string; html: string; id: string }> {
    const res = await t.api('POST', '/articles/render-1/comments', { token, body: { body } });
    expect(res.status).toBe(201);
    // What a later read returns is what was stored.
    const read = await t.api('GET', `/comments/${res.body.id}`);
    expect(read.body.html).toBe(res.body.html);
    expect(read.body.body).toBe(res.body.body);
    return res.body;
  }

  beforeAll(async () => {
    t = await startApp();
    token = t.token({ sub: 'u-render', name: 'Renata' });
    const admin = t.token({ sub: 'u-admin', name: 'Admin', role: 'admin' });
    await patchSettings(t, admin, NO_FLOOD_LIMIT);
  });
  afterAll(() => t?.close());

  describe('hostile input comes out inert, body kept as written', () => {
    const hostile: [string, string][] = [
      ['script tag', '<script>alert(1)</script>'],
      ['upper-case script with src', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>'],
      ['split script', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
      ['img onerror', '<img src=x onerror=alert(1)>'],
      ['img onerror quoted', '<img src="x" onerror="alert(document.cookie)">'],
      ['svg onload', '<svg onload=alert(1)><circle r=1></svg>'],
      ['body onload', '<body onload=alert(1)>'],
      ['div with handler', '<div onmouseover="alert(1)">hover</div>'],
      ['markdown javascript link', '[x](javascript:alert(1))'],
      ['mixed-case javascript link', '[x](JaVaScRiPt:alert(1))'],
      ['entity-encoded javascript link', '[x](&#106;avascript:alert(1))'],
      ['hex-entity javascript link', '[x](&#x6A;avascript&#x3A;alert(1))'],
      ['&colon; javascript link', '[x](javascript&colon;alert(1))'],
      ['javascript link in angle brackets', '[x](<javascript:alert(1)>)'],
      ['vbscript link', '[x](vbscript:msgbox(1))'],
      ['data html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
      ['data image link', '[x](data:image/png;base64,iVBORw0KGgo=)'],
      ['file link', '[x](file:///etc/passwd)'],
      ['protocol-relative link', '[x](//evil.example/path)'],
      ['raw html anchor with javascript', '<a href="javascript:alert(1)">click</a>'],
      ['raw html anchor with handler', '<a href="https://ok.example" onclick="alert(1)">ok</a>'],
      ['link title carrying a handler', '[x](https://ok.example "onmouseover=alert(1)")'],
      ['quote breaking out of href', '[x](https://ok.example/"onmouseover="alert(1))'],
      ['style attribute', '<p style="background:url(javascript:alert(1))">styled</p>'],
      ['style tag', '<style>body{display:none}</style>'],
      ['iframe', '<iframe src="https://evil.example"></iframe>'],
      ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
      ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
      ['form', '<form action="https://evil.example"><input name=p></form>'],
      ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
      ['base tag', '<base href="https://evil.example/">'],
      ['html comment', '<!-- <script>alert(1)</script> -->'],
      ['CDATA', '<![CDATA[<script>alert(1)</script>]]>'],
      ['entities spelling a script tag', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['numeric entities spelling a tag', '&#60;img src=x onerror=alert(1)&#62;'],
      ['double-encoded entities', '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'],
      ['fullwidth brackets', '＜script＞alert(1)＜/script＞'],
      ['homoglyph script', '<ѕсrірt>alert(1)</ѕсrірt>'],
      ['homoglyph javascript link', '[x](jаvascript:alert(1))'],
      ['zero-width characters', 'ja\u200Bvascript:alert(1) <scr\u200Dipt>x</scr\u200Dipt> \uFEFF[x](java\u200Bscript:alert(1))'],
      ['markdown around markup', '**<script>alert(1)</script>** *<img src=x onerror=alert(1)>*'],
      ['quote around markup', '> <iframe src=x></iframe>\n> [x](javascript:alert(1))'],
      ['autolink with javascript', '<javascript:alert(1)>'],
      ['many nested brackets', '<<<<script>>>>alert(1)<<<</script>>>>'],
    ];

    it.each(hostile)('%s', async (_, input) => {
      const c = await render(input);
      expectSafe(c.html);
      expect(c.body).toBe(input.trim());
      expect(c.html.length).toBeGreaterThan(0);
    });

    it('a link refused for its scheme keeps its words visible', async () => {
      for (const [input, words] of [
        ['see [my picture](data:image/png;base64,iVBORw0KGgo=) here', 'my picture'],
        ['see [my site](//evil.example/path) here', 'my site'],
        ['see [an app](myapp:open) here', 'an app'],
        ['see ftp://files.example.com/report.pdf here', 'ftp://files.example.com/report.pdf'],
      ]) {
        const c = await render(input);
        expectSafe(c.html);
        expect(visibleText(c.html)).toContain(words);
        expect(visibleText(c.html)).toContain('here');
      }
    });

    it('an RTL override is refused (400 COMMENT_BIDI_CONTROL), never rendered', async () => {
      const res = await t.api('POST', '/articles/render-1/comments', {
        token,
        body: { body: 'harmless \u202Egnp.exe\u202C and https://example.com/\u202Etxt.exe' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMENT_BIDI_CONTROL');
    });

    it('unicode tricks stay plain text and the body keeps them exactly', async () => {
      const input = 'a\u200Fb\u200Bc\u200Dd\uFEFFe ＜b＞ ѕсrірt';
      const c = await render(input);
      expect(c.body).toBe(input);
      expect(c.html).toBe(`<p>${input}</p>`);
    });
  });

  describe('light markdown renders', () => {
    it('bold and italic', async () => {
      const c = await render('**bold** and __also bold__, *italic* and _also italic_');
      expectSafe(c.html);
      expect(c.html).toBe('<p><strong>bold</strong> and <strong>also bold</strong>, <em>italic</em> and <em>also italic</em></p>');
    });

    it('block quotes', async () => {
      const c = await render('> quoted *text*\n\nmy reply');
      expectSafe(c.html);
      expect(c.html.replace(/\n/g, '')).toBe('<blockquote><p>quoted <em>text</em></p></blockquote><p>my reply</p>');
    });

    it('links, with rel="nofollow ugc noopener"', async () => {
      const c = await render('[Parley](https://example.com/a?b=1&c=2) and https://news.example/story and [mail](mailto:desk@news.example)');
      const tags = expectSafe(c.html).filter((x) => x.name === 'a' && !x.closing);
      expect(tags.map((x) => decodeEntities(x.attrs.href))).toEqual([
        'https://example.com/a?b=1&c=2',
        'https://news.example/story',
        'mailto:desk@news.example',
      ]);
      expect(tags.every((x) => x.attrs.rel === REL)).toBe(true);
      expect(c.html).toContain('>Parley</a>');
      expect(visibleText(c.html)).toBe('Parley and https://news.example/story and mail');
    });

    it('line breaks and paragraphs', async () => {
      const c = await render('line one\nline two\n\nsecond paragraph');
      expectSafe(c.html);
      expect(c.html.replace(/\n/g, '')).toMatch(/^<p>line one<br ?\/?>line two<\/p><p>second paragraph<\/p>$/);
    });

    it('everything else stays literal text', async () => {
      const input = '# heading\n- item\n1. first\n`code`\n![img](https://example.com/a.png)\n| a | b |';
      const c = await render(input);
      const tags = expectSafe(c.html);
      expect(new Set(tags.map((x) => x.name))).not.toContain('h1');
      expect(visibleText(c.html)).toContain('# heading');
      expect(visibleText(c.html)).toContain('`code`');
      expect(c.body).toBe(input);
    });

    it('HTML entities show as the characters they name, escaped', async () => {
      const c = await render('Fish &amp; chips &lt;3 &copy; 2026 &#8364;5');
      expectSafe(c.html);
      expect(visibleText(c.html)).toBe('Fish & chips <3 © 2026 €5');
      expect(c.body).toBe('Fish &amp; chips &lt;3 &copy; 2026 &#8364;5');
    });

    it('plain text with angle brackets and quotes is escaped, not dropped', async () => {
      const input = 'if a < b && b > c then "quote" \'single\'';
      const c = await render(input);
      expectSafe(c.html);
      expect(visibleText(c.html)).toBe(input);
    });

    it('CRLF line endings are normalised in body and html', async () => {
      const c = await render('first\r\nsecond');
      expect(c.body).toBe('first\nsecond');
      expect(c.html).not.toContain('\r');
      expectSafe(c.html);
    });
  });

  it('an edit is rendered with the same rules', async () => {
    const c = await render('clean start');
    const res = await t.api('PATCH', `/comments/${c.id}`, { token, body: { body: '[x](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**' } });
    expect(res.status).toBe(200);
    expectSafe(res.body.html);
    expect(res.body.html).toContain('<strong>bold</strong>');
  });
});
