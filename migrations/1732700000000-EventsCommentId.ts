import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transaction that hides a comment or changes its text rewrites the stored events that carried
 * it (Tx.redactComment), finding them by the comment's id; without this it would scan the table.
 */
export class EventsCommentId1732700000000 implements MigrationInterface {
  name = 'EventsCommentId1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_comment_id ON events (((payload->'comment'->>'id'))) WHERE type IN ('comment.created', 'comment.updated')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_comment_id`);
  }
}
