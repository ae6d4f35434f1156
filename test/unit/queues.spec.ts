import type { CommentStatus } from '../../src/common/contract';
import { QUEUE_ORDER, QUEUE_SQL, QUEUES, QueueFields, queuesOf } from '../../src/common/queues';

const fields = (status: CommentStatus, moderated = false, openReportCount = 0): QueueFields => ({ status, moderated, openReportCount });

describe('queuesOf', () => {
  it('no comment: no queue', () => {
    expect(queuesOf(null)).toEqual(new Set());
  });

  it.each([
    ['held', fields('pending'), ['pending']],
    ['held and reported', fields('pending', false, 2), ['pending']],
    ['published, never looked at', fields('approved'), ['unmoderated']],
    ['published, approved by a moderator', fields('approved', true), ['approved']],
    ['published, unmoderated, reported', fields('approved', false, 1), ['reported', 'unmoderated']],
    ['published, moderated, reported again', fields('approved', true, 3), ['reported', 'approved']],
    ['rejected', fields('rejected', true), ['rejected']],
    ['rejected with open reports', fields('rejected', true, 2), ['rejected']],
    ['deleted', fields('deleted'), []],
    ['deleted after moderation, reported', fields('deleted', true, 1), []],
  ])('%s → %j', (_label, c, queues) => {
    expect([...queuesOf(c)].sort()).toEqual([...queues].sort());
  });

  /**
   * QUEUE_SQL must say what queuesOf says. The SQL is small and fixed: a conjunction of a few kinds
   * of term, read here into a predicate. A term outside that small grammar fails the test rather
   * than being guessed at.
   */
  describe('agrees with QUEUE_SQL', () => {
    function term(sql: string): (c: QueueFields) => boolean {
      const status = /^c\.status = '([a-z_]+)'$/.exec(sql);
      if (status) return (c) => c.status === status[1];
      const moderated = /^(NOT )?c\.moderated$/.exec(sql);
      if (moderated) return (c) => c.moderated === !moderated[1];
      const reports = /^c\.open_report_count > (\d+)$/.exec(sql);
      if (reports) return (c) => c.openReportCount > Number(reports[1]);
      throw new Error(`QUEUE_SQL term this test cannot read: ${sql}`);
    }
    const predicate = (sql: string) => {
      const terms = sql
        .trim()
        .split(/\s+AND\s+/)
        .map(term);
      return (c: QueueFields) => terms.every((t) => t(c));
    };

    const combos: QueueFields[] = [];
    for (const status of ['pending', 'approved', 'rejected', 'deleted'] as CommentStatus[]) {
      for (const moderated of [false, true]) for (const reports of [0, 1, 5]) combos.push(fields(status, moderated, reports));
    }

    it.each(QUEUES.map((q) => [q]))('%s', (queue) => {
      const inSql = predicate(QUEUE_SQL[queue]);
      const disagree = combos.filter((c) => inSql(c) !== queuesOf(c).has(queue));
      expect(disagree).toEqual([]);
    });
  });

  it('every queue has its SQL and its order', () => {
    expect(Object.keys(QUEUE_SQL).sort()).toEqual([...QUEUES].sort());
    expect(Object.keys(QUEUE_ORDER).sort()).toEqual([...QUEUES].sort());
  });
});
