import { claimsOf } from '../shared/api';

export type LoginRequestHandler = () => void;
/** Returns a new token (or a promise of one), or calls Parley.setToken itself. */
export type TokenExpiredHandler = () => string | null | void | Promise<string | null | void>;

export interface SessionHooks {
  /** The token changed; `userChanged` when the reader is now someone else (or signed out). */
  changed(userChanged: boolean): void;
  /** A signed-out reader wants to write and the host page registered no onLoginRequest. */
  loginUnhandled(): void;
}

/** The reader's token as the host page hands it over, and the host's sign-in callbacks. */
export class Session {
  token: string | null = null;
  me: { sub: string; name: string; role: string } | null = null;
  private loginHandlers: LoginRequestHandler[] = [];
  private expiredHandlers: TokenExpiredHandler[] = [];
  private refreshing: Promise<string | null> | null = null;
  private tokenWaiter: ((t: string | null) => void) | null = null;

  constructor(private readonly hooks: SessionHooks) {}

  set(token: string | null): void {
    const t = token || null;
    if (t === this.token) return void this.tokenWaiter?.(t);
    const claims = claimsOf(t);
    const before = this.me?.sub ?? null;
    this.token = claims ? t : null;
    this.me = claims ? { sub: claims.sub, name: claims.name, role: claims.role ?? 'reader' } : null;
    this.tokenWaiter?.(this.token);
    this.hooks.changed((this.me?.sub ?? null) !== before);
  }

  /** The token says moderator or admin: the cards offer moderation tools (the service checks the role on each call). */
  get isModerator(): boolean {
    return this.me?.role === 'moderator' || this.me?.role === 'admin';
  }

  onLoginRequest(cb: LoginRequestHandler): void {
    this.loginHandlers.push(cb);
  }

  onTokenExpired(cb: TokenExpiredHandler): void {
    this.expiredHandlers.push(cb);
  }

  requestLogin(): void {
    if (!this.loginHandlers.length) return this.hooks.loginUnhandled();
    for (const cb of this.loginHandlers) {
      try {
        cb();
      } catch (e) {
        console.error(e);
      }
    }
  }

  /**
   * Asks the host for a new token; resolves with it, or null when none comes within 20 s.
   * Concurrent callers share one request.
   */
  refresh(): Promise<string | null> {
    if (!this.expiredHandlers.length) return Promise.resolve(null);
    const stale = this.token;
    this.refreshing ??= new Promise<string | null>((resolve) => {
      const done = (t: string | null) => {
        this.tokenWaiter = null;
        this.refreshing = null;
        resolve(t && t !== stale ? t : null);
      };
      // The host may answer by calling Parley.setToken instead of returning the token.
      this.tokenWaiter = done;
      setTimeout(() => done(null), 20_000);
      for (const cb of this.expiredHandlers) {
        try {
          Promise.resolve(cb()).then(
            (t) => typeof t === 'string' && t && this.set(t),
            () => done(null),
          );
        } catch {
          done(null);
        }
      }
    });
    return this.refreshing;
  }
}
