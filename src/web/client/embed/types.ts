import type { ArticleView, CommentView, Page as ContractPage, Sort } from '../../../common/contract';

/** The contract's comment object (API.md), the very type the service sends. */
export type Comment = CommentView;

/** The article list also carries `total`. */
export type Page<T> = ContractPage<T> & { total?: number };

export type Article = ArticleView;

export type { Sort };

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
