import { v7 as uuidv7, validate } from 'uuid';
import { badRequest } from './api-error';

export const newId = (): string => uuidv7();

export const ARTICLE_ID = /^[A-Za-z0-9._:~/-]{1,200}$/;

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
