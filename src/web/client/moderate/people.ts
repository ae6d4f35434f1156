import type { UserHistoryView } from '../../../common/desk-contract';
import { h, put } from '../shared/dom';
import type { Desk } from './dashboard';
import { D } from './desk-strings';
import { PeopleComments } from './people-comments';
import { historyColumns, userFacts } from './people-history';
import { S } from './strings';

const CSS = `
.view-people .ph { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; }
.view-people .ph h2 { margin: .25rem 0; }
.view-people .facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 1rem; }
.view-people .facts dt { color: var(--m); }
.view-people .facts dd { margin: 0; overflow-wrap: anywhere; }
.view-people [role=tablist] { display: flex; flex-wrap: wrap; gap: .25rem; margin: .25rem 0 .5rem; }
.view-people [role=tab][aria-selected=true] { background: var(--ac); color: #fff; border-color: var(--ac); }
.view-people ul.hist { list-style: none; padding: 0; margin: 0 0 1rem; }
.view-people ul.hist > li { border: 1px solid var(--bd); border-radius: 6px; margin: 0 0 .5rem; }
.view-people article.hc { padding: .5rem .75rem; }
.view-people article.hc:focus { outline: 3px solid var(--fc); outline-offset: 1px; }
.view-people article.hc.current { border-left: 4px solid var(--ac); }
.view-people article.hc h4 { margin: 0; font-size: 1rem; display: inline; }
.view-people article.hc .text { margin: .25rem 0; overflow-wrap: anywhere; }
.view-people article.hc .acts { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.view-people .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.5rem; }
.view-people ul.plain { padding-left: 1.1rem; }
.view-people ul.plain li { margin-bottom: .35rem; overflow-wrap: anywhere; }
`;

let styled = false;
function addStyles(): void {
  if (styled) return;
  styled = true;
  document.head.append(h('style', { 'data-for': 'people' }, CSS));
}

/** The user the fragment names: `#people/<user id>`. */
export function peopleTarget(): string | null {
  const m = /^#people\/(.+)$/.exec(location.hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export const peopleHref = (userId: string) => `#people/${encodeURIComponent(userId)}`;

/**
 * A user's full history (#people/<id>): who they are, their comments by status (paged through
 * GET /moderation/search?authorId=&status=), sanctions with who and when, reports made and
 * received, and staff notes. The comments take the queues' keys: j / k move, a approves, r rejects
 * (with an optional reason), 1-5 switch the status. The comments are in people-comments.ts, the
 * rest of the history's parts in people-history.ts.
 */
export class PeopleScreen {
  private readonly heading = h('h2', { id: 'people-h', tabindex: '-1' }, D.historyTitle);
  private readonly body = h('div');
  private readonly comments: PeopleComments;
  private seq = 0;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    this.comments = new PeopleComments(d);
    put(root, h('div', { class: 'ph' }, this.heading, h('a', { href: '#queues' }, D.backToQueues)), this.body);
  }

  async open(focus = true): Promise<void> {
    const id = peopleTarget();
    if (!id) return void put(this.body, h('p', { class: 'err' }, D.historyFailed));
    this.comments.forUser(id);
    put(this.heading, D.historyTitle);
    put(this.body, h('p', null, S.loading));
    if (focus) this.heading.focus();
    const seq = ++this.seq;
    try {
      const history = await this.d.api.onSite<UserHistoryView>('GET', `/moderation/users/${encodeURIComponent(id)}/history`);
      if (seq !== this.seq) return;
      this.draw(history);
      await this.comments.page(true);
    } catch (e) {
      if (seq === this.seq) put(this.body, h('p', { class: 'err', role: 'alert' }, D.historyFailed, ' ', (e as Error).message));
    }
    if (focus && seq === this.seq) this.heading.focus();
  }

  private draw(v: UserHistoryView): void {
    put(this.heading, D.historyOf(v.user.name));
    put(this.body, userFacts(v.user), this.comments.section(v), historyColumns(v));
  }

  /** The screen's keys (the dashboard hands them over while it shows): the queues' j / k / a / r, and 1-5 for the statuses. */
  onKey(e: KeyboardEvent): void {
    this.comments.onKey(e);
  }
}
