/** Staff roles come from the publisher's token; a reader is everyone else. */
export type Role = 'reader' | 'moderator' | 'admin';

/** The verified identity behind a request or socket. */
export interface Viewer {
  /** The site the identity holds on: a reader's id is their `sub` in that site's tokens. */
  siteId: string;
  id: string;
  name: string;
  email: string | null;
  role: Role;
  /** The token's `locale` claim (a language tag such as `de` or `fr-CA`), when it has one: the language of the reader's emails. */
  locale?: string;
  /** The token's `iat` (seconds): a token issued before its account was deleted is refused. Absent: a staff session, or a token without one. */
  issuedAt?: number;
}

export const isModerator = (v: Viewer | null | undefined): boolean => v?.role === 'moderator' || v?.role === 'admin';
