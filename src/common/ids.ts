import { v7 as uuidv7, validate } from 'uuid';
import { badRequest } from './api-error';

export const newId = (): string => uuidv7();

export const ARTICLE_ID = /^[A-Za-z0-9._:~/-]{1,200}$/;

/** An article's section ("World", "Local news"): 1-100 characters, no control characters, no spaces at either end. */
export const SECTION = /^[^\p{Cc}\s](?:[^\p{Cc}]{0,98}[^\p{Cc}\s])?$/u;
export const SECTION_RULE = 'section is 1-100 characters without line breaks or spaces at either end';

export function assertArticleId(id: string): string {
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) {
    throw badRequest('INVALID_ARTICLE_ID', 'articleId must be 1-200 characters of A-Z a-z 0-9 . _ : ~ / -');
  }
  return id;
}

/** A malformed comment id cannot name any comment: answer like an unknown one. */
export function isCommentId(id: string): boolean {
  return typeof id === 'string' && validate(id);
}

/**
 * The key of an article's feed (its live room, its stored events, its cached first page): the
 * article id on the default site, `<site>|<article id>` on the others. Article ids cannot hold `|`,
 * so keys of two sites never meet.
 */
export function articleKey(siteId: string, articleId: string): string {
  return siteId === 'default' ? articleId : `${siteId}|${articleId}`;
}

/** The article id a feed key names. */
export function articleIdOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(bar + 1);
}

/** The site a feed key belongs to. */
export function siteIdOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? 'default' : key.slice(0, bar);
}
