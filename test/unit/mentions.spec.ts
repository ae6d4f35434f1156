import { findMentions, markMentions } from '../../src/common/mentions';
import { renderBody } from '../../src/common/render';

const people = [
  { id: 'a', name: 'Ana' },
  { id: 'am', name: 'Ana Maria' },
  { id: 'ob', name: "O'Brien & Co" },
  { id: 'lt', name: 'Bo <b>' },
  { id: 'zo', name: 'Zoë' },
];

describe('mentions', () => {
  it('matches the longest name, whatever the case, each person once, in order', () => {
    expect(findMentions('@ana maria, then @Ana and @ANA again; @zoë!', people).map((p) => p.id)).toEqual(['am', 'a', 'zo']);
  });

  it('needs a boundary on both sides: not an address, not a longer word, not @@', () => {
    expect(findMentions('mail x@Ana or @Anas or @@Ana', people)).toEqual([]);
    expect(findMentions('no at sign: Ana', people)).toEqual([]);
    expect(findMentions('@Ana', [])).toEqual([]);
  });

  it('names with punctuation are matched literally', () => {
    expect(findMentions("hi @o'brien & co.", people).map((p) => p.id)).toEqual(['ob']);
    expect(findMentions('@Bo <b> x', people).map((p) => p.id)).toEqual(['lt']);
  });

  it('marks mentions in rendered HTML text only: not inside links, tags or attributes', () => {
    const html = renderBody("Hi @o'brien & co, @Ana Maria and **@Ana**! [@Ana](https://x.test/@Ana) @Bo <b>");
    const marked = markMentions(
      html,
      people.map((p) => p.name),
    );
    expect(marked).toBe(
      '<p>Hi <span class="mention">@o\'brien &amp; co</span>, <span class="mention">@Ana Maria</span> and <strong><span class="mention">@Ana</span></strong>! ' +
        '<a href="https://x.test/@Ana" rel="nofollow ugc noopener">@Ana</a> <span class="mention">@Bo &lt;b&gt;</span></p>',
    );
    expect(
      markMentions(
        '<p>no one</p>',
        people.map((p) => p.name),
      ),
    ).toBe('<p>no one</p>');
  });
});
