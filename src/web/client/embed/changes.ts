import type { ArticleView, CommentView } from '../../../common/contract';
import { ApiError } from '../shared/api';
import type { Card } from './card';
import type { CommentsApi } from './client';
import type { CommentList } from './list';
import type { LiveHandlers } from './live';
import { S } from './strings';

export interface ChangesContext {
  readonly api: CommentsApi;
  readonly list: CommentList;
  readonly say: (text: string) => void;
  /** The article's closed and pre-moderation state changed (or may have): the widget redraws what depends on it. */
  readonly articleChanged: (article: Pick<ArticleView, 'closed' | 'premoderation'>) => void;
}

/**
 * What each live event does to the page. New comments wait behind the "show new" button; a
 * change to one of the reader's own comments is fetched again, as its author sees it.
 */
export function liveChanges({ api, list, say, articleChanged }: ChangesContext): LiveHandlers {
  /** Public events carry the public view: keep what only this viewer knows. */
  const merge = (n: Card, c: CommentView) => {
    n.c = { ...c, viewerReacted: n.c.viewerReacted, author: c.author ?? (c.status === 'deleted' ? null : n.c.author) };
    n.draw();
    n.drawMore();
  };
  const recheck = async (n: Card) => {
    try {
      n.c = await api.comment(n.c.id);
      n.draw();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) list.remove(n.c.id);
    }
  };
  return {
    'comment.created': ({ comment: c }) => {
      const n = list.get(c.id);
      if (n) return merge(n, c);
      if (c.parentId && !list.get(c.parentId)) return;
      list.fresh.add(c);
      list.freshArrived();
    },
    'comment.updated': ({ comment: c }) => {
      const n = list.get(c.id);
      // A moderator who rejected it here keeps seeing it, badge and text, rather than its public tombstone.
      if (n?.decidedHere && n.c.status === 'rejected' && c.status === 'deleted') return;
      if (n) merge(n, c);
      else list.fresh.replace(c);
    },
    'comment.removed': ({ id }) => {
      list.fresh.delete(id);
      const n = list.get(id);
      if (!n || n.decidedHere) return;
      if (n.own) void recheck(n);
      else list.remove(id);
    },
    'comment.reactions': ({ id, reactions }) => {
      const n = list.get(id);
      if (!n) return;
      n.c.reactions = reactions;
      n.draw();
    },
    // A moderator decided on the reader's own comment.
    'comment.status': ({ id, status, reason }) => {
      const n = list.get(id);
      if (!n) return;
      const text = status === 'approved' ? S.published : reason ? S.rejectedWhy(reason) : S.rejectedNote;
      say(text);
      n.notice(text, status === 'approved' ? 'ok' : 'no');
      void recheck(n);
    },
    'article.count': ({ total }) => list.setCount(total),
    'article.updated': ({ article }) => articleChanged(article),
  };
}
