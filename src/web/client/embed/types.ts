/** The contract's comment object (API.md). */
export interface Comment {
  id: string;
  articleId: string;
  parentId: string | null;
  author: { id: string; name: string } | null;
  body: string;
  html: string;
  status: 'pending' | 'approved' | 'rejected' | 'deleted';
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  reactions: { like: number };
  viewerReacted: boolean;
  featured: boolean;
}

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
