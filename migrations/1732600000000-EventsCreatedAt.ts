import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pruning job deletes events past the replay window by age; without this it scans the table. */
export class EventsCreatedAt1732600000000 implements MigrationInterface {
  name = 'EventsCreatedAt1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_created_at ON events (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_created_at`);
  }
}
