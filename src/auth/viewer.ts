import type { Role } from '../users/user.entity';

/** The verified identity behind a request or socket. */
export interface Viewer {
  id: string;
  name: string;
  email: string | null;
  role: Role;
}

export const isModerator = (v: Viewer | null | undefined): boolean => v?.role === 'moderator' || v?.role === 'admin';
