/** Staff roles come from the publisher's token; a reader is everyone else. */
export type Role = 'reader' | 'moderator' | 'admin';

/** The verified identity behind a request or socket. */
export interface Viewer {
  id: string;
  name: string;
  email: string | null;
  role: Role;
}

export const isModerator = (v: Viewer | null | undefined): boolean => v?.role === 'moderator' || v?.role === 'admin';
