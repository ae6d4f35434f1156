import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepared } from '../../src/common/sql';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');

/**
 * Runs on the compiled code in a process of its own (PGlite does not load inside jest's VM): opens
 * the embedded database, runs a prepared statement, closes the pool's one connection, and runs the
 * statement again on the next.
 */
const EMBEDDED_RECONNECT = `
const { openDatabase } = require(${JSON.stringify(join(DIST, 'database', 'data-source.js'))});
const { prepared, queryRows } = require(${JSON.stringify(join(DIST, 'common', 'sql.js'))});
(async () => {
  const db = await openDatabase({ PARLEY_DATA_DIR: process.argv[1] }, { entities: [], migrations: [] });
  const plusOne = prepared('SELECT $1::int + 1 AS n');
  const out = [await queryRows(db.dataSource.manager, plusOne, [1])];
  const pool = db.dataSource.driver.master;
  const client = await pool.connect();
  client.release(true);
  // The embedded server takes one connection at a time: let it see the last one go.
  await new Promise((r) => setTimeout(r, 300));
  out.push(await queryRows(db.dataSource.manager, plusOne, [2]));
  await db.close();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stdout.write(JSON.stringify({ error: e.message })); });
`;

/** Named prepared statements (common/sql.ts): what may be one, and the embedded database's one session. */
describe('prepared statements', () => {
  it('must name their columns: a `*` shape would change under a migration that adds one', () => {
    for (const text of ['SELECT * FROM users', 'UPDATE users SET premod = true RETURNING *', 'SELECT u.* FROM users u']) {
      expect(() => prepared(text)).toThrow('names its columns');
    }
    const counted = prepared('SELECT count(*) AS n FROM users WHERE site_id = $1');
    expect(counted.name).toMatch(/^parley_[0-9a-f]{24}$/);
    expect(prepared('SELECT count(*) AS n FROM users WHERE site_id = $1').name).toBe(counted.name);
    expect(prepared('SELECT count(*) AS n FROM users WHERE site_id = $2').name).not.toBe(counted.name);
  });

  it('on the embedded database, one prepared on a connection that closed runs again on the next (PGlite keeps the session)', () => {
    if (!existsSync(join(DIST, 'main.js')))
      execFileSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    const dir = mkdtempSync(join(tmpdir(), 'parley-prepared-'));
    try {
      const out = execFileSync(process.execPath, ['-e', EMBEDDED_RECONNECT, dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(JSON.parse(out)).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
