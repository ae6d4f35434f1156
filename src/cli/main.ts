import 'reflect-metadata';
import { ApiError } from '../common/api-error';
import type { SiteView } from '../common/staff-contract';
import { ConfigError, EnvConfig, loadConfig } from '../config/config';
import { assertPasswordAcceptable } from '../staff/passwords';
import { CliFailure, COMMANDS, commandUsage, parseCommandLine, Request, usage, UsageError } from './commands';
import type { LinkView, MemberResult, OperatorService } from './operator.service';
import { DataDirInUseError } from '../database/embedded';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/**
 * `npx parley <command>` (bin/parley.js runs this file from dist): the operators' command line.
 * Exit codes: 0 done, 1 refused or failed, 2 bad usage; on 1 and 2 nothing was changed.
 */

interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadStream;
}

const PASSWORD_INPUT_MAX = 1000;

export async function run(argv: string[], io: Io): Promise<number> {
  let req: Request;
  try {
    req = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`parley: ${err.message}\n\n${err.command ? commandUsage(err.command) : usage()}`);
    return 2;
  }
  if (req.command === 'help') {
    io.out(req.topic ? commandUsage(req.topic) : usage());
    return 0;
  }
  try {
    const config = loadConfig();
    const password = 'passwordStdin' in req && req.passwordStdin ? await readPassword(io.stdin, req.email) : undefined;
    // Loaded once the command line is known good: help and usage errors need none of the service.
    const { migrate, withOperator } = await import('./cli.module');
    if (req.command === 'migrate') {
      const applied = await migrate(config);
      io.out(req.json ? JSON.stringify({ applied }) : applied.length ? applied.map((n) => `applied ${n}`).join('\n') : 'no pending migrations');
      return 0;
    }
    const printed = await withOperator(config, (op) => execute(op, req, password, config, io));
    if (printed !== null) io.out(printed);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      const command = err.command ?? req.command;
      io.err(`parley: ${err.message}${command && COMMANDS[command] ? `\n\n${commandUsage(command)}` : ''}`);
      return 2;
    }
    if (err instanceof ApiError) io.err(`parley: ${err.message} (${err.code})`);
    else if (err instanceof CliFailure || err instanceof ConfigError || err instanceof DataDirInUseError) io.err(`parley: ${err.message}`);
    else io.err(`parley: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  }
}

/** What the command prints on success (null: it wrote its output itself). */
async function execute(op: OperatorService, req: Request, password: string | undefined, config: EnvConfig, io: Io): Promise<string | null> {
  switch (req.command) {
    case 'sites:list': {
      const sites = op.listSites();
      return req.json ? JSON.stringify({ items: sites }) : sitesTable(sites);
    }
    case 'sites:create': {
      const { site, secret } = await op.createSite(req.id, req.name, req.origins);
      if (req.json) return JSON.stringify({ site, secret });
      return [
        `Created site ${site.id} (${site.name}).`,
        `  origins:     ${site.origins.length ? site.origins.join(' ') : 'any'}`,
        `  secret:      ${secret}`,
        `  fingerprint: ${site.secrets[0]?.id ?? ''}`,
        'The secret is shown this once: keep it where your site signs its readers’ tokens (HS256).',
        `Requests for this site carry ?site=${site.id}; the widget takes data-site="${site.id}".`,
      ].join('\n');
    }
    case 'sites:rotate-secret': {
      if (req.remove) {
        const site = await op.removeSecret(req.id, req.remove);
        if (req.json) return JSON.stringify({ site });
        return [`Removed secret ${req.remove} from site ${site.id}: tokens signed with it are refused from now on.`, `  secrets: ${secretList(site)}`].join(
          '\n',
        );
      }
      const { site, secret, fingerprint } = await op.addSecret(req.id);
      if (req.json) return JSON.stringify({ site, secret, fingerprint });
      const old = site.secrets.filter((s) => s.id !== fingerprint && s.source === 'site');
      return [
        `Added a secret to site ${site.id}.`,
        `  secret:      ${secret}`,
        `  fingerprint: ${fingerprint}`,
        'The secret is shown this once. Every instance accepts it within a second; the older secrets stay valid',
        old.length
          ? `until removed, once your site signs with the new one: parley sites:rotate-secret ${site.id} --remove ${old[0].id}`
          : 'until removed with --remove <fingerprint>.',
      ].join('\n');
    }
    case 'staff:create-owner':
    case 'staff:create-admin': {
      const grant = req.command === 'staff:create-owner' ? ({ owner: true } as const) : { siteId: req.site };
      const result = await op.createMember(req.email, req.name, grant, password);
      return req.json ? JSON.stringify(result) : memberReport(result, req.command === 'staff:create-owner' ? 'owner' : `admin of ${req.site}`, config);
    }
    case 'import':
      return importFile(op, req, io);
    case 'export':
      return exportSite(op, req, io);
    case 'staff:reset-password': {
      if (password !== undefined) {
        const staff = await op.setPassword(req.email, password);
        return req.json ? JSON.stringify({ staff, passwordSet: true }) : `Set the password of ${staff.email}; their sessions have ended.`;
      }
      const { staff, link } = await op.resetLink(req.email);
      return req.json ? JSON.stringify({ staff, link }) : [`Password-reset link for ${staff.email} (works once):`, ...linkLines(link, config)].join('\n');
    }
    default:
      throw new Error(`no handler for ${req.command}`);
  }
}

/** The password policy, checked before anything is opened: a refused password is bad input. */
function checkPassword(password: string, email: string): void {
  try {
    assertPasswordAcceptable(password, email);
  } catch (err) {
    if (err instanceof ApiError) throw new UsageError(`the password is refused: ${err.message}`);
    throw err;
  }
}

/** The password piped in: all of standard input, less one final line break. Never from a terminal or an argument. */
async function readPassword(stdin: NodeJS.ReadStream, email: string): Promise<string> {
  if (stdin.isTTY) throw new UsageError('--password-stdin reads a password piped in (`… --password-stdin < file`), not typed at a terminal');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > PASSWORD_INPUT_MAX * 4) throw new UsageError('--password-stdin: the input is far longer than any password');
    chunks.push(b);
  }
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password) throw new UsageError('--password-stdin: standard input is empty');
  checkPassword(password, email);
  return password;
}

function secretList(site: SiteView): string {
  const keys = site.secrets.map((s) => `${s.id}${s.signing ? '*' : ''}${s.source === 'environment' ? ' (environment)' : ''}`);
  if (site.rsPublicKey) keys.push('RS256 public key');
  return keys.length ? keys.join(', ') : 'none';
}

function sitesTable(sites: SiteView[]): string {
  const rows = sites.map((s) => [s.id, s.name, s.origins.length ? s.origins.join(' ') : 'any', secretList(s)]);
  const all = [['ID', 'NAME', 'ORIGINS', 'SECRETS'], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => [...r[i]].length)));
  return all.map((r) => r.map((cell, i) => (i < 3 ? cell + ' '.repeat(widths[i] - [...cell].length) : cell)).join('  ')).join('\n');
}

function linkLines(link: LinkView, config: EnvConfig): string[] {
  const until = `valid until ${link.expiresAt}`;
  if (link.url) return [`  ${link.url}`, `  (${until}${config.PUBLIC_URL ? '' : '; set PUBLIC_URL if the dashboard is reached at another address'})`];
  return [`  ${link.path}`, `  (${until}; open it on the service's address: PUBLIC_URL is not set)`];
}

function memberReport(r: MemberResult, role: string, config: EnvConfig): string {
  const who = `${r.staff.email} (${r.staff.name})`;
  const lines = [r.created ? `Created ${who} as ${role}.` : r.granted ? `${who} is now ${role}.` : `${who} is ${r.staff.owner ? 'an owner' : role} already.`];
  if (r.passwordSet) lines.push('Their password is set: they can sign in at /moderate.');
  else if (r.link) lines.push('Link to set their password (works once):', ...linkLines(r.link, config));
  else lines.push('They have a password already; `parley staff:reset-password` makes a link to change it.');
  return lines.join('\n');
}

/** `parley import`: the file streamed in, a progress bar on stderr (redrawn in place on a terminal), the report. */
async function importFile(op: OperatorService, req: Extract<Request, { command: 'import' }>, io: Io): Promise<string> {
  let size: number;
  try {
    size = (await stat(req.file)).size;
  } catch (err) {
    throw new CliFailure(`cannot read ${req.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const tty = process.stderr.isTTY;
  let shown = -1;
  const report = await op.importFile(
    req.site,
    req.format,
    createReadStream(req.file),
    { mapping: { kind: req.mapping, ...(req.pattern !== undefined ? { pattern: new RegExp(req.pattern) } : {}) }, dryRun: req.dryRun },
    (p) => {
      const pct = size ? Math.min(100, Math.floor((p.bytes / size) * 100)) : 100;
      // On a terminal every batch redraws the line; into a file or pipe, one line per 10 %.
      if (!tty && Math.floor(pct / 10) === Math.floor(shown / 10)) return;
      shown = pct;
      const bar = `${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}`;
      const line = `[${bar}] ${String(pct).padStart(3)}%  ${p.comments} read, ${p.imported} imported, ${p.alreadyImported} already there, ${p.skipped} skipped`;
      if (tty) process.stderr.write(`\r${line}`);
      else io.err(line);
    },
  );
  if (tty) process.stderr.write('\n');
  if (req.json) return JSON.stringify(report);
  const c = report.comments;
  const skipped = Object.entries(report.skipped.byReason).map(([reason, n]) => `    ${n} ${reason}`);
  return [
    `${req.dryRun ? 'Dry run, nothing written' : 'Imported'}: ${req.file} (${report.format}, mapping ${report.mapping}) into site ${req.site}, in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  threads:   ${report.threads.read} read, ${report.threads.mapped} mapped to ${report.articles.count} articles, ${report.threads.skipped} skipped`,
    `  comments:  ${c.read} read, ${c.imported} ${req.dryRun ? 'to import' : 'imported'} (${c.statuses.approved} approved, ${c.statuses.pending} pending, ${c.statuses.rejected} rejected, ${c.statuses.deleted} deleted; ${c.replies} replies), ${c.alreadyImported} already there, ${c.skipped} skipped`,
    `  users:     ${report.users}; likes: ${report.likes.imported} imported, ${report.likes.notImported} not importable`,
    ...report.mappings.slice(0, 5).map((m) => `  mapping:   ${m.identifier ?? m.url ?? m.thread} → ${m.articleId ?? `skipped (${m.skipped})`}`),
    ...(skipped.length ? ['  skipped because:', ...skipped] : []),
  ].join('\n');
}

/** `parley export`: the stream to standard output as it is read (a pipe's pace sets the reads'), progress on standard error. */
async function exportSite(op: OperatorService, req: Extract<Request, { command: 'export' }>, io: Io): Promise<null> {
  if (process.stdout.isTTY) throw new CliFailure('the export goes to standard output: redirect it to a file (`parley export --site … > site.ndjson`)');
  const tty = process.stderr.isTTY;
  let shown = -1;
  const stream = op.exportSite(req.site, req.format, (p) => {
    const pct = p.total ? Math.min(100, Math.floor((p.comments / p.total) * 100)) : 100;
    if (!tty && Math.floor(pct / 10) === Math.floor(shown / 10)) return;
    shown = pct;
    const line = `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${String(pct).padStart(3)}%  ${p.comments} of ${p.total} comments`;
    if (tty) process.stderr.write(`\r${line}`);
    else io.err(line);
  });
  const started = Date.now();
  await pipeline(stream, process.stdout);
  if (tty) process.stderr.write('\n');
  io.err(`Exported site ${req.site} (${req.format}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return null;
}

/** Runs the command line of this process and exits with its code once the output is written. */
export function main(argv: string[] = process.argv.slice(2)): void {
  const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);
  const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  run(argv, { out: write(process.stdout), err: write(process.stderr), stdin: process.stdin }).then(exit, (err: Error) => {
    process.stderr.write(`parley: ${err?.stack ?? String(err)}\n`);
    exit(1);
  });
}

if (require.main === module) main();
