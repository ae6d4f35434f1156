import { DEFAULT_SITE_ID, type StaffSessionView } from '../../../common/staff-contract';
import { call, claimsOf } from '../shared/api';

/** A role on this site, as the dashboard decides what to show. */
export type SiteRole = 'reader' | 'moderator' | 'admin';

/**
 * Who is signed in, and how: a publisher token (kept in localStorage, sent as Bearer) or a staff
 * session (the HttpOnly cookie, with its CSRF token on writes).
 */
export interface Me {
  name: string;
  role: SiteRole;
  /** An owner administers every site (their role shows as "owner"). */
  owner: boolean;
  token: string | null;
  session: StaffSessionView | null;
}

export function tokenMe(token: string): Me | null {
  const c = claimsOf(token);
  if (!c) return null;
  const role = c.role === 'admin' || c.role === 'moderator' ? c.role : 'reader';
  return { name: c.name, role, owner: false, token, session: null };
}

export function sessionMe(session: StaffSessionView): Me {
  const { staff } = session;
  const role = staff.owner ? 'admin' : (staff.roles.find((r) => r.siteId === DEFAULT_SITE_ID)?.role ?? 'reader');
  return { name: staff.name, role, owner: staff.owner, token: null, session };
}

/** The live staff session the browser's cookie names, or null. */
export async function currentSession(): Promise<StaffSessionView | null> {
  try {
    return await call<StaffSessionView>('', 'GET', '/staff/me', { session: true });
  } catch {
    return null;
  }
}

/** Ends this session (`everywhere`: every session of the member); the cookie is cleared either way. */
export async function endSession(me: Me, everywhere = false): Promise<void> {
  await call('', 'DELETE', everywhere ? '/staff/sessions' : '/staff/session', { session: true, csrf: me.session?.csrfToken });
}
