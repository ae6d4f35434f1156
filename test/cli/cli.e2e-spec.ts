/**
 * The operators' command line (`npx parley`): the real bin/parley.js run as a child process
 * against a fresh PostgreSQL database, its effects checked in the database and through the
 * running service: a token signed with the printed secret is accepted on the site, a printed
 * link sets a password that signs in. Bad input exits 2, a refusal 1, and neither changes anything.
 */
import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { startApp, TEST_SECRET, TestApp } from '../support/app';
import { dbUrl, runTag, TEST_DB_PREFIX, withAdmin } from '../support/pg';
import { Browser, makeStaff, PASSWORD } from '../staff/staff-helpers';
import { buildOnce, runCli } from './cli-helpers';
import { MIGRATIONS } from '../../src/schema';

jest.setTimeout(120_000);

/** A moderator's token signed with a site's secret, as its publisher signs them. */
const modToken = (secret: string) => jwt.sign({ sub: 'cli-mod', name: 'CLI Moderator', role: 'moderator' }, secret, { algorithm: 'HS256', expiresIn: '1h' });
const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);
const NEW_PASSWORD = 'a passphrase set by the operator';

describe('parley command line on PostgreSQL', () => {
  let t: TestApp;
  let env: Record<string, string>;
  const cli = (args: string[], input?: string) => runCli(args, env, input);

  beforeAll(async () => {
    buildOnce();
    t = await startApp();
    // PUBLIC_URL: the links printed are the running service's.
    env = { DATABASE_URL: t.databaseUrl, JWT_SECRET: TEST_SECRET, NODE_ENV: 'test', PUBLIC_URL: t.url };
  }, 600_000);
  afterAll(() => t?.close());

  /** Everything the commands may write, to show a refused command wrote nothing. */
  const snapshot = async () => ({
    sites: await t.ds.query(`SELECT id, name, origins, hs_secrets FROM sites ORDER BY id`),
    settings: await t.ds.query(`SELECT site_id FROM settings ORDER BY site_id`),
    staff: await t.ds.query(`SELECT id, email, owner, password_hash FROM staff ORDER BY id`),
    roles: await t.ds.query(`SELECT site_id, staff_id, role FROM site_staff ORDER BY site_id, staff_id`),
    tokens: await t.ds.query(`SELECT count(*)::int AS n FROM staff_tokens`),
    log: await t.ds.query(`SELECT count(*)::int AS n FROM moderation_log`),
  });

  /** The service accepts a moderator token signed with `secret` on `site` (it reloads the sites within a second). */
  const acceptedOn = async (site: string, secret: string): Promise<number> => {
    const token = modToken(secret);
    let status = 0;
    for (let i = 0; i < 40; i++) {
      status = (await t.api('GET', `/moderation/counts?site=${site}`, { token })).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return status;
  };
  const statusOn = async (site: string, secret: string) => (await t.api('GET', `/moderation/counts?site=${site}`, { token: modToken(secret) })).status;

  const tokenOf = (link: string) => /#([A-Za-z0-9_-]{43})$/.exec(link)![1];

  describe('usage', () => {
    it('help and --help print every command (exit 0); a command’s --help its own usage', async () => {
      for (const args of [['help'], ['--help'], ['-h']]) {
        const r = await cli(args);
        expect(r.code).toBe(0);
        for (const c of ['sites:create', 'sites:list', 'sites:rotate-secret', 'staff:create-owner', 'staff:create-admin', 'staff:reset-password', 'migrate']) {
          expect(r.stdout).toContain(c);
        }
      }
      const one = await cli(['sites:create', '--help']);
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(/^Usage: parley sites:create <id> --name <name>/);
      expect((await cli(['help', 'staff:reset-password'])).stdout).toMatch(/^Usage: parley staff:reset-password <email>/);
    });

    it('an unknown command, no command, an unknown option or a missing argument: usage on stderr, exit 2', async () => {
      for (const args of [
        ['bogus'],
        [],
        ['sites:list', '--nope'],
        ['sites:create'],
        ['sites:create', 'x'],
        ['sites:rotate-secret'],
        ['staff:create-admin', 'a@example.com'],
        ['help', 'bogus'],
        ['sites:list', 'extra'],
      ]) {
        const r = await cli(args);
        expect([args, r.code]).toEqual([args, 2]);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^parley: .+\n\nUsage: parley /);
      }
      expect((await cli(['bogus'])).stderr).toContain('unknown command "bogus"');
      expect((await cli(['sites:create', 'x'])).stderr).toContain('--name is required');
    });

    it('never takes a password as an argument', async () => {
      const before = await snapshot();
      for (const flag of ['--password', '--password=hunter2hunter2', '-pw']) {
        const r = await cli(['staff:create-owner', 'pw@example.com', '--name', 'P', flag, 'hunter2hunter2']);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('never taken as arguments');
        expect(r.stderr).not.toContain('hunter2');
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('sites', () => {
    it('sites:create makes the site with its settings, counters and a first secret the service accepts there and only there', async () => {
      const r = await cli([
        'sites:create',
        'evening-post',
        '--name',
        ' The Evening Post ',
        '--origin',
        'https://eveningpost.example',
        '--origin',
        'http://localhost:8080',
        '--json',
      ]);
      expect(r.code).toBe(0);
      const { site, secret } = r.json();
      expect(site).toMatchObject({ id: 'evening-post', name: 'The Evening Post', origins: ['https://eveningpost.example', 'http://localhost:8080'] });
      expect(site.secrets).toEqual([{ id: fingerprint(secret), source: 'site', signing: true }]);
      const [row] = await t.ds.query(`SELECT name, origins, hs_secrets FROM sites WHERE id = 'evening-post'`);
      expect(row).toEqual({ name: 'The Evening Post', origins: ['https://eveningpost.example', 'http://localhost:8080'], hs_secrets: [secret] });
      expect(await t.ds.query(`SELECT 1 AS x FROM settings WHERE site_id = 'evening-post'`)).toEqual([{ x: 1 }]);
      expect(await t.ds.query(`SELECT 1 AS x FROM site_counters WHERE site_id = 'evening-post'`)).toEqual([{ x: 1 }]);
      const [log] = await t.ds.query(`SELECT actor_id, action, reason FROM moderation_log WHERE site_id = 'evening-post'`);
      expect(log).toMatchObject({ action: 'site.created', reason: 'The Evening Post; origins: https://eveningpost.example http://localhost:8080' });
      expect(log.actor_id).toMatch(/^cli:/);

      expect(await acceptedOn('evening-post', secret)).toBe(200);
      expect(await statusOn('default', secret)).toBe(401);
      expect(await statusOn('evening-post', TEST_SECRET)).toBe(401);
    });

    it('prints the secret once in words, with its fingerprint', async () => {
      const r = await cli(['sites:create', 'morning-star', '--name', 'Morning Star']);
      expect(r.code).toBe(0);
      const [row] = await t.ds.query(`SELECT hs_secrets FROM sites WHERE id = 'morning-star'`);
      const secret = row.hs_secrets[0];
      expect(r.stdout).toContain(`secret:      ${secret}\n`);
      expect(r.stdout).toContain(`fingerprint: ${fingerprint(secret)}\n`);
      expect(r.stdout).toContain('shown this once');
      expect(r.stdout).toContain('origins:     any');
    });

    it('refuses a bad id, name or origin (exit 2) and an existing id (exit 1), and changes nothing', async () => {
      const before = await snapshot();
      const cases: [string[], number, string][] = [
        [['sites:create', 'Bad_Id', '--name', 'X'], 2, 'id must be 1-63 lower-case letters'],
        [['sites:create', '-dash-first', '--name', 'X'], 2, ''],
        [['sites:create', 'x'.repeat(64), '--name', 'X'], 2, 'id must be'],
        [['sites:create', 'fine', '--name', '   '], 2, '--name must be'],
        [['sites:create', 'fine', '--name', 'n'.repeat(101)], 2, '--name must be'],
        [['sites:create', 'fine', '--name', 'X', '--origin', 'https://x.example/path'], 2, 'each origin must be like'],
        [['sites:create', 'fine', '--name', 'X', '--origin', 'HTTPS://X.EXAMPLE'], 2, 'each origin must be like'],
        [['sites:create', 'evening-post', '--name', 'Again'], 1, 'There is a site evening-post already (SITE_EXISTS)'],
        [['sites:create', 'default', '--name', 'Again'], 1, 'SITE_EXISTS'],
      ];
      for (const [args, code, message] of cases) {
        const r = await cli(args);
        expect([args, r.code]).toEqual([args, code]);
        expect(r.stderr).toContain(message);
        expect(r.stdout).toBe('');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('sites:list shows id, name, origins and the fingerprints of the secrets', async () => {
      const r = await cli(['sites:list']);
      expect(r.code).toBe(0);
      const [row] = await t.ds.query(`SELECT hs_secrets FROM sites WHERE id = 'evening-post'`);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+NAME\s+ORIGINS\s+SECRETS$/);
      expect(lines.find((l) => l.startsWith('evening-post '))).toMatch(
        new RegExp(`^evening-post\\s+The Evening Post\\s+https://eveningpost\\.example http://localhost:8080\\s+${fingerprint(row.hs_secrets[0])}\\*$`),
      );
      expect(lines.find((l) => l.startsWith('default '))).toMatch(new RegExp(`^default\\s+.+\\s+any\\s+${fingerprint(TEST_SECRET)}\\* \\(environment\\)$`));
      expect(r.stdout).not.toContain(row.hs_secrets[0]);

      const json = (await cli(['sites:list', '--json'])).json();
      expect(json.items.map((s: any) => s.id)).toEqual(expect.arrayContaining(['default', 'evening-post', 'morning-star']));
      expect(JSON.stringify(json)).not.toContain(row.hs_secrets[0]);
    });

    it('sites:rotate-secret adds a secret both old and new tokens work with; --remove retires the old one', async () => {
      const [
        {
          hs_secrets: [old],
        },
      ] = await t.ds.query(`SELECT hs_secrets FROM sites WHERE id = 'evening-post'`);
      const added = await cli(['sites:rotate-secret', 'evening-post', '--json']);
      expect(added.code).toBe(0);
      const { secret, fingerprint: fp, site } = added.json();
      expect(fp).toBe(fingerprint(secret));
      expect(site.secrets.map((s: any) => [s.id, s.signing])).toEqual([
        [fp, true],
        [fingerprint(old), false],
      ]);
      expect(await acceptedOn('evening-post', secret)).toBe(200);
      expect(await statusOn('evening-post', old)).toBe(200);

      const words = await cli(['sites:rotate-secret', 'morning-star']);
      expect(words.code).toBe(0);
      expect(words.stdout).toMatch(/--remove [0-9a-f]{12}\n$/);

      const removed = await cli(['sites:rotate-secret', 'evening-post', '--remove', fingerprint(old)]);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toContain(`Removed secret ${fingerprint(old)} from site evening-post`);
      expect((await t.ds.query(`SELECT hs_secrets FROM sites WHERE id = 'evening-post'`))[0].hs_secrets).toEqual([secret]);
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++) {
        status = await statusOn('evening-post', old);
        if (status === 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(401);
      expect(await statusOn('evening-post', secret)).toBe(200);
      const actions = await t.ds.query(`SELECT action, reason FROM moderation_log WHERE site_id = 'evening-post' ORDER BY id`);
      expect(actions.map((a: any) => [a.action, a.reason])).toEqual([
        ['site.created', expect.any(String)],
        ['site.secret_added', fp],
        ['site.secret_removed', fingerprint(old)],
      ]);
    });

    it('refuses to remove the last key, an unknown secret or site, a malformed fingerprint, and changes nothing', async () => {
      const [
        {
          hs_secrets: [only],
        },
      ] = await t.ds.query(`SELECT hs_secrets FROM sites WHERE id = 'evening-post'`);
      const before = await snapshot();
      const cases: [string[], number, string][] = [
        [['sites:rotate-secret', 'evening-post', '--remove', fingerprint(only)], 1, 'LAST_SECRET'],
        [['sites:rotate-secret', 'evening-post', '--remove', '0123456789ab'], 1, 'SECRET_NOT_FOUND'],
        [['sites:rotate-secret', 'default', '--remove', fingerprint(TEST_SECRET)], 1, 'SECRET_FROM_ENVIRONMENT'],
        [['sites:rotate-secret', 'no-such-site'], 1, 'SITE_NOT_FOUND'],
        [['sites:rotate-secret', 'no-such-site', '--remove', '0123456789ab'], 1, 'SITE_NOT_FOUND'],
        [['sites:rotate-secret', 'Not_A_Site'], 2, 'invalid site id'],
        [['sites:rotate-secret', 'evening-post', '--remove', 'xyz'], 2, 'invalid fingerprint'],
        [['sites:rotate-secret', 'evening-post', '--remove'], 2, ''],
      ];
      for (const [args, code, message] of cases) {
        const r = await cli(args);
        expect([args, r.code]).toEqual([args, code]);
        expect(r.stderr).toContain(message);
      }
      expect(await snapshot()).toEqual(before);
      expect(await statusOn('evening-post', only)).toBe(200);
    });
  });

  describe('staff', () => {
    it('staff:create-owner makes an owner with no password and prints a one-time link that sets one', async () => {
      const r = await cli(['staff:create-owner', 'Olive@Example.com', '--name', 'Olive Owner']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Created Olive@Example.com (Olive Owner) as owner.');
      const url = /^ {2}(\S+\/moderate\/reset#\S+)$/m.exec(r.stdout)![1];
      expect(url.startsWith(`${t.url}/moderate/reset#`)).toBe(true);
      const [row] = await t.ds.query(`SELECT id, owner, password_hash FROM staff WHERE lower(email) = 'olive@example.com'`);
      expect(row).toMatchObject({ owner: true, password_hash: null });
      expect((await t.ds.query(`SELECT action, detail FROM staff_audit WHERE staff_id = $1 ORDER BY id`, [row.id]))[0]).toMatchObject({
        action: 'owner_created',
        detail: expect.stringMatching(/^cli:/),
      });

      // The page the link opens posts the token from its fragment; the password then signs in.
      const set = await t.api('POST', `/staff/password-reset/${tokenOf(url)}`, { body: { password: NEW_PASSWORD } });
      expect(set.status).toBe(204);
      const b = new Browser(t);
      const session = await b.signIn('olive@example.com', NEW_PASSWORD);
      expect(session.staff).toMatchObject({ email: 'Olive@Example.com', name: 'Olive Owner', owner: true });
      const again = await t.api('POST', `/staff/password-reset/${tokenOf(url)}`, { body: { password: 'yet another passphrase' } });
      expect([again.status, again.body.code]).toEqual([410, 'RESET_LINK_USED']);
    });

    it('staff:create-admin with --password-stdin creates an admin of the site who signs in at once; no link is made', async () => {
      const r = await cli(
        ['staff:create-admin', 'adam@example.com', '--site', 'evening-post', '--name', 'Adam Admin', '--password-stdin', '--json'],
        `${NEW_PASSWORD}\n`,
      );
      expect(r.code).toBe(0);
      const out = r.json();
      expect(out).toMatchObject({ created: true, granted: true, passwordSet: true, link: null });
      expect(out.staff).toMatchObject({ email: 'adam@example.com', owner: false, roles: [{ siteId: 'evening-post', role: 'admin' }], hasPassword: true });
      expect(await t.ds.query(`SELECT count(*)::int AS n FROM staff_tokens WHERE email = 'adam@example.com'`)).toEqual([{ n: 0 }]);
      const b = new Browser(t);
      const session = await b.signIn('adam@example.com', NEW_PASSWORD);
      expect(session.staff.roles).toEqual([{ siteId: 'evening-post', role: 'admin' }]);
      expect((await b.call('GET', '/staff?siteId=evening-post')).status).toBe(200);
      expect((await b.call('GET', '/staff?siteId=default')).status).toBe(403);
    });

    it('an existing member gets the role (once), keeps their name and password, and is told so', async () => {
      const m = await makeStaff(t.ds, { name: 'Mo Moderator', roles: { 'evening-post': 'moderator' } });
      const r = await cli(['staff:create-admin', m.email, '--site', 'evening-post']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${m.email} (Mo Moderator) is now admin of evening-post.`);
      expect(r.stdout).toContain('They have a password already');
      expect(await t.ds.query(`SELECT role FROM site_staff WHERE staff_id = $1`, [m.id])).toEqual([{ role: 'admin' }]);
      const twice = await cli(['staff:create-admin', m.email, '--site', 'evening-post', '--name', 'Other Name']);
      expect(twice.code).toBe(0);
      expect(twice.stdout).toContain('is admin of evening-post already');
      expect(await t.ds.query(`SELECT name, owner FROM staff WHERE id = $1`, [m.id])).toEqual([{ name: 'Mo Moderator', owner: false }]);
      await new Browser(t).signIn(m.email, PASSWORD);

      const owner = await cli(['staff:create-owner', m.email]);
      expect(owner.code).toBe(0);
      expect(owner.stdout).toContain('is now owner');
      expect(await t.ds.query(`SELECT owner FROM staff WHERE id = $1`, [m.id])).toEqual([{ owner: true }]);
    });

    it('refuses a bad address, a missing name or site, an unknown site, a weak or empty password, and changes nothing', async () => {
      await makeStaff(t.ds, { email: 'has.password@example.com', roles: { default: 'moderator' } });
      const before = await snapshot();
      const cases: [string[], number, string, string?][] = [
        [['staff:create-owner', 'not-an-email', '--name', 'X'], 2, 'invalid email address'],
        [['staff:create-owner', 'a@b', '--name', 'X'], 2, 'invalid email address'],
        [['staff:create-owner', 'new.owner@example.com'], 2, '--name is required to create an account'],
        [['staff:create-owner', 'new.owner@example.com', '--name', '\u0007 '], 2, '--name is empty'],
        [['staff:create-admin', 'new.admin@example.com', '--name', 'X'], 2, '--site is required'],
        [['staff:create-admin', 'new.admin@example.com', '--name', 'X', '--site', 'Bad Site'], 2, 'invalid site id'],
        [['staff:create-admin', 'new.admin@example.com', '--name', 'X', '--site', 'no-such-site'], 1, 'No site no-such-site (SITE_NOT_FOUND)'],
        [['staff:create-owner', 'new.owner@example.com', '--name', 'X', '--password-stdin'], 2, 'at least 12 characters', 'short\n'],
        [['staff:create-owner', 'new.owner@example.com', '--name', 'X', '--password-stdin'], 2, 'standard input is empty', ''],
        [['staff:create-owner', 'new.owner@example.com', '--name', 'X', '--password-stdin'], 2, 'must not be the email address', 'new.owner@example.com'],
        [['staff:create-owner', 'has.password@example.com', '--password-stdin'], 1, 'HAS_PASSWORD', `${NEW_PASSWORD}\n`],
        [['staff:reset-password', 'nobody@example.com'], 1, 'STAFF_NOT_FOUND'],
        [['staff:reset-password', 'nobody'], 2, 'invalid email address'],
      ];
      for (const [args, code, message, input] of cases) {
        const r = await cli(args, input);
        expect([args, r.code]).toEqual([args, code]);
        expect(r.stderr).toContain(message);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('staff:reset-password prints a link that sets a new password and ends the member’s sessions', async () => {
      const m = await makeStaff(t.ds, { name: 'Forgetful', roles: { default: 'moderator' } });
      const b = new Browser(t);
      await b.signIn(m.email);
      const r = await cli(['staff:reset-password', m.email]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Password-reset link for ${m.email} (works once):`);
      const url = /^ {2}(\S+)$/m.exec(r.stdout)![1];
      expect(url.startsWith(`${t.url}/moderate/reset#`)).toBe(true);
      expect((await t.api('POST', `/staff/password-reset/${tokenOf(url)}`, { body: { password: NEW_PASSWORD } })).status).toBe(204);
      expect((await b.call('GET', '/staff/me')).status).toBe(401);
      await new Browser(t).signIn(m.email, NEW_PASSWORD);
    });

    it('staff:reset-password --password-stdin sets the password at once; without PUBLIC_URL in production the link is a path', async () => {
      const m = await makeStaff(t.ds, { name: 'Piped', roles: { default: 'moderator' } });
      const r = await cli(['staff:reset-password', m.email, '--password-stdin'], NEW_PASSWORD);
      expect(r.code).toBe(0);
      await new Browser(t).signIn(m.email, NEW_PASSWORD);

      const prod = await runCli(['staff:reset-password', m.email, '--json'], { ...env, NODE_ENV: 'production', PUBLIC_URL: '' });
      expect(prod.code).toBe(0);
      const { link } = prod.json();
      expect(link.url).toBeNull();
      expect(link.path).toMatch(/^\/moderate\/reset#[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('migrate', () => {
    const name = `${TEST_DB_PREFIX}${runTag()}_cli_${Date.now().toString(36)}`;
    let fresh: Record<string, string>;

    beforeAll(async () => {
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
      fresh = { ...env, DATABASE_URL: dbUrl(name) };
    });

    it('other commands refuse an unmigrated database and touch nothing; migrate applies every migration once', async () => {
      const tables = async () => (await publicTables(dbUrl(name))).length;
      expect(await tables()).toBe(0);
      const refused = await runCli(['sites:list'], fresh);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/the database has \d+ pending migrations .*: run `parley migrate` first/);
      expect(await tables()).toBe(0);

      const first = await runCli(['migrate'], fresh);
      expect(first.code).toBe(0);
      const names = MIGRATIONS.map((m) => m.name);
      expect(first.stdout.trimEnd().split('\n')).toEqual(names.map((n) => `applied ${n}`));
      const again = await runCli(['migrate', '--json'], fresh);
      expect([again.code, again.json()]).toEqual([0, { applied: [] }]);
      expect((await runCli(['migrate'], fresh)).stdout).toBe('no pending migrations\n');

      const listed = await runCli(['sites:list', '--json'], fresh);
      expect(listed.code).toBe(0);
      expect(listed.json().items.map((s: any) => s.id)).toEqual(['default']);
    });

    it('a database it cannot reach: exit 1 with the reason', async () => {
      const r = await runCli(['sites:list'], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', DB_CONNECT_TIMEOUT_MS: '500' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^parley: cannot open the database at DATABASE_URL: /);
    });
  });

  describe('import', () => {
    const FIXTURE = 'test/fixtures/imports/remark42__migrator_testdata_disqus.xml';
    const count = async (site: string) => Number((await t.ds.query(`SELECT count(*)::int AS n FROM comments WHERE site_id = $1`, [site]))[0].n);

    it('a dry run reports and writes nothing; the import writes with a progress bar and a summary; again, nothing new', async () => {
      expect((await cli(['sites:create', 'imports', '--name', 'Imports'])).code).toBe(0);
      const dry = await cli(['import', 'disqus', FIXTURE, '--site', 'imports', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^Dry run, nothing written: /);
      expect(await count('imports')).toBe(0);

      const done = await cli(['import', 'disqus', FIXTURE, '--site', 'imports', '--json']);
      expect(done.code).toBe(0);
      const report = done.json();
      expect(report.comments.imported).toBeGreaterThan(0);
      expect(await count('imports')).toBe(report.comments.imported);
      // Not a terminal: the bar is printed as lines, the last one at 100 %.
      expect(done.stderr.trimEnd().split('\n').pop()).toMatch(/^\[#{20}\] 100%/);

      const again = await cli(['import', 'disqus', FIXTURE, '--site', 'imports']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(' 0 imported');
      expect(again.stdout).toContain(`${report.comments.imported} already there`);
      expect(await count('imports')).toBe(report.comments.imported);
      // The counters are exact: the recount finds nothing to repair.
      const admin = t.token({ sub: 'cli-admin', name: 'CLI Admin', role: 'admin' });
      const recount = await t.api('POST', '/moderation/recount', { token: admin });
      expect(recount.body).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
    });

    it('refuses a bad format, mapping, pattern or site (exit 2), an unknown site or missing file (exit 1), and writes nothing', async () => {
      const before = await snapshot();
      for (const args of [
        ['import', 'livefyre', FIXTURE, '--site', 'imports'],
        ['import', 'disqus', FIXTURE],
        ['import', 'disqus', FIXTURE, '--site', 'imports', '--mapping', 'guess'],
        ['import', 'disqus', FIXTURE, '--site', 'imports', '--mapping', 'pattern'],
        ['import', 'disqus', FIXTURE, '--site', 'imports', '--pattern', '(unclosed'],
        ['import', 'disqus', FIXTURE, '--site', 'Not A Site'],
      ]) {
        expect([args.join(' '), (await cli(args)).code]).toEqual([args.join(' '), 2]);
      }
      expect((await cli(['import', 'disqus', FIXTURE, '--site', 'no-such-site'])).code).toBe(1);
      const missing = await cli(['import', 'disqus', 'test/fixtures/imports/none.xml', '--site', 'imports']);
      expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('cannot read test/fixtures/imports/none.xml: ENOENT')]);
      expect(await snapshot()).toEqual(before);
    });
  });
});

/** The tables of the public schema of a database. */
async function publicTables(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    return rows.map((r: { tablename: string }) => r.tablename);
  } finally {
    await c.end();
  }
}
