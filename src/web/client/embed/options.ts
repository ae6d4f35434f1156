import type { Sort } from '../../../common/contract';

/** The widget's settings, read from the embed script's data attributes (see main.ts). */
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
