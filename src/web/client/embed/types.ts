import type { CommentView } from '../../../common/contract';

/** The contract's comment object (API.md), the very type the service sends. */
export type Comment = CommentView;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface Article {
  id: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  premoderation: boolean;
  commentCount: number;
}

export type Sort = 'newest' | 'oldest' | 'top';

export interface Options {
  base: string;
  articleId: string;
  title?: string;
  url?: string;
  sort: Sort;
  pageSize: number;
  maxLength: number;
  maxDepth: number;
  editWindowSeconds: number;
}
