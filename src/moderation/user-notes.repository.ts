import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserNoteView } from '../common/contract';
import { queryRows } from '../common/sql';

interface NoteRow {
  id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

const toView = (r: NoteRow): UserNoteView => ({
  id: String(r.id),
  authorId: r.author_id,
  authorName: r.author_name,
  body: r.body,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Owns the SQL of `user_notes`: moderators' notes on a user of one site. */
@Injectable()
export class UserNotes {
  constructor(private readonly ds: DataSource) {}

  async add(siteId: string, userId: string, author: { id: string; name: string }, body: string): Promise<UserNoteView> {
    const [row] = await queryRows<NoteRow>(
      this.ds.manager,
      `INSERT INTO user_notes (site_id, user_id, author_id, author_name, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, author_id, author_name, body, created_at`,
      [siteId, userId, author.id, author.name, body],
    );
    return toView(row);
  }

  /** The user's notes, newest first, `limit` at most. */
  async list(siteId: string, userId: string, limit = 50): Promise<UserNoteView[]> {
    const rows = await queryRows<NoteRow>(
      this.ds.manager,
      `SELECT id, author_id, author_name, body, created_at FROM user_notes WHERE site_id = $1 AND user_id = $2 ORDER BY site_id, user_id, id DESC LIMIT $3`,
      [siteId, userId, limit],
    );
    return rows.map(toView);
  }
}
