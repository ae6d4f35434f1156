import { Injectable } from '@nestjs/common';
import { badRequest, conflict, forbidden, notFound } from '../common/api-error';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { MAX_MUTES, type MuteView } from '../common/mute-contract';
import type { Page } from '../common/contract';
import type { Viewer } from '../common/viewer';
import { UsersRepository } from '../users/users.repository';
import { MutesRepository } from './mutes.repository';

/** A reader's mutes on a site: the rules (not oneself, a known reader, at most MAX_MUTES). */
@Injectable()
export class MutesService {
  constructor(
    private readonly mutes: MutesRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(viewer: Viewer, limit = 20, cursor?: string): Promise<Page<MuteView>> {
    const after = decodeCursor(cursor, ['string', 'string']) as [string, string] | null;
    const rows = await this.mutes.list(viewer.siteId, viewer.id, limit, after);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { items: page.map(({ key: _key, ...m }) => m), nextCursor: more ? encodeCursor(page[page.length - 1].key) : null };
  }

  /** Mutes a reader of the site; `created` is false when they were muted already (nothing changed). */
  async mute(viewer: Viewer, userId: string): Promise<{ mute: MuteView; created: boolean }> {
    if (userId === viewer.id) throw badRequest('CANNOT_MUTE_SELF', 'You cannot mute yourself');
    await this.requireUser(viewer.siteId, userId);
    // The muter's row may not exist yet (a reader who has only read so far).
    if (!(await this.users.upsert(viewer))) throw forbidden('ACCOUNT_DELETED', 'This account was deleted; sign in again to start a new one');
    const r = await this.mutes.add(viewer.siteId, viewer.id, userId, MAX_MUTES);
    if (r.outcome === 'full') throw conflict('TOO_MANY_MUTES', `A reader may mute at most ${MAX_MUTES} people; unmute someone first`);
    return { mute: r.mute, created: r.outcome === 'added' };
  }

  /** Unmutes a reader of the site (muted or not: the answer is the same). */
  async unmute(viewer: Viewer, userId: string): Promise<void> {
    await this.requireUser(viewer.siteId, userId);
    await this.mutes.remove(viewer.siteId, viewer.id, userId);
  }

  private async requireUser(siteId: string, userId: string): Promise<void> {
    if (!(await this.users.find(siteId, userId))) throw notFound('USER_NOT_FOUND', 'No reader with this id on this site');
  }
}
