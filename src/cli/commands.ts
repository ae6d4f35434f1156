import { parseArgs, type ParseArgsConfig } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { isEmail, validateSync } from 'class-validator';
import { SITE_ID } from '../common/staff-contract';
import { CreateSiteDto } from '../settings/site.dto';
import { cleanName } from '../staff/staff-signin.service';
import { IMPORT_FORMATS, type ImportFormat } from '../transfer/formats/types';
import { compilePattern, MAPPINGS, type MappingKind } from '../transfer/mapping';
import { EXPORT_FORMATS, type ExportFormat } from '../transfer/export.service';

/** Bad usage: an unknown command or option, a missing or malformed argument. Exit code 2, nothing is touched. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to show with the error. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Refused, or failed, with a message for the operator: exit code 1, nothing changed. */
export class CliFailure extends Error {}

/** What a command line asks for, checked for form (not yet against the database). */
export type Request =
  | { command: 'help'; topic?: string }
  | { command: 'migrate'; json: boolean }
  | { command: 'sites:list'; json: boolean }
  | { command: 'sites:create'; json: boolean; id: string; name: string; origins: string[] }
  | { command: 'sites:rotate-secret'; json: boolean; id: string; remove?: string }
  | { command: 'staff:create-owner'; json: boolean; email: string; name?: string; passwordStdin: boolean }
  | { command: 'staff:create-admin'; json: boolean; email: string; site: string; name?: string; passwordStdin: boolean }
  | { command: 'staff:reset-password'; json: boolean; email: string; passwordStdin: boolean }
  | { command: 'import'; json: boolean; format: ImportFormat; file: string; site: string; mapping: MappingKind; pattern?: string; dryRun: boolean }
  | { command: 'export'; site: string; format: ExportFormat };

type Options = NonNullable<ParseArgsConfig['options']>;

interface CommandSpec {
  synopsis: string;
  summary: string;
  details: string[];
  positionals: string[];
  options: Options;
  build(positionals: string[], values: Values): Request;
}

type Values = Record<string, string | boolean | string[] | undefined>;

const JSON_OPTION: Options = { json: { type: 'boolean' } };
const PASSWORD_OPTION: Options = { 'password-stdin': { type: 'boolean' } };
/** A secret's fingerprint as `sites:list` shows it: the first 12 hex digits of its SHA-256. */
const FINGERPRINT = /^[0-9a-f]{12}$/;
const NAME_MAX = 100;
const EMAIL_MAX = 254;

const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);

function siteId(value: string, command: string): string {
  if (!SITE_ID.test(value))
    throw new UsageError(`invalid site id ${JSON.stringify(value)}: 1-63 lower-case letters, digits and dashes, starting with a letter or digit`, command);
  return value;
}

function email(value: string, command: string): string {
  const address = value.trim();
  if (address.length > EMAIL_MAX || !isEmail(address)) throw new UsageError(`invalid email address ${JSON.stringify(value)}`, command);
  return address;
}

/** A staff member's name: control characters dropped, trimmed; undefined when not given. */
function staffName(value: string | undefined, command: string): string | undefined {
  if (value === undefined) return undefined;
  const name = cleanName(value);
  if (!name) throw new UsageError('--name is empty', command);
  if ([...name].length > NAME_MAX) throw new UsageError(`--name may have at most ${NAME_MAX} characters`, command);
  return name;
}

export const COMMANDS: Record<string, CommandSpec> = {
  'sites:list': {
    synopsis: '[--json]',
    summary: 'List the sites: id, name, allowed origins and the fingerprints of their secrets.',
    details: ['`*` marks the secret Parley signs its own tokens with; `environment` is JWT_SECRET of the deployment (default site).'],
    positionals: [],
    options: JSON_OPTION,
    build: (_p, v) => ({ command: 'sites:list', json: v.json === true }),
  },
  'sites:create': {
    synopsis: '<id> --name <name> [--origin <origin>]... [--json]',
    summary: 'Create a site with its settings and a first HS256 secret, which is printed once.',
    details: [
      '<id>: 1-63 lower-case letters, digits and dashes; it cannot be changed later.',
      '--origin: a page origin the widget may run on (https://news.example); repeat it for more; none: any.',
    ],
    positionals: ['id'],
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, ...JSON_OPTION },
    build([id], v) {
      const command = 'sites:create';
      const rawName = str(v.name);
      if (rawName === undefined) throw new UsageError('--name is required', command);
      const dto = plainToInstance(CreateSiteDto, { id, name: rawName.trim(), origins: (v.origin as string[] | undefined) ?? [] });
      // The API's own rules for a new site (id, name 1-100 characters, origins).
      const [error] = validateSync(dto);
      if (error) {
        const message = Object.values(error.constraints ?? {})[0] ?? `invalid ${error.property}`;
        throw new UsageError(error.property === 'name' ? `--${message}` : message, command);
      }
      return { command, json: v.json === true, id: dto.id, name: dto.name, origins: dto.origins ?? [] };
    },
  },
  'sites:rotate-secret': {
    synopsis: '<id> [--remove <fingerprint>] [--json]',
    summary: 'Add a new HS256 secret to a site and print it (Parley signs with it from now on; the old ones stay valid).',
    details: [
      '--remove <fingerprint>: remove that secret instead (tokens signed with it are refused from then on);',
      'the last way a site has to verify tokens is never removed.',
    ],
    positionals: ['id'],
    options: { remove: { type: 'string' }, ...JSON_OPTION },
    build([id], v) {
      const command = 'sites:rotate-secret';
      const remove = str(v.remove);
      if (remove !== undefined && !FINGERPRINT.test(remove)) {
        throw new UsageError(`invalid fingerprint ${JSON.stringify(remove)}: 12 hex digits, as sites:list shows them`, command);
      }
      return { command, json: v.json === true, id: siteId(id, command), ...(remove !== undefined ? { remove } : {}) };
    },
  },
  'staff:create-owner': {
    synopsis: '<email> --name <name> [--password-stdin] [--json]',
    summary: 'Create an owner (admin of every site), or make the existing member with this address one.',
    details: [
      'Prints a one-time link to set the password (valid 24 h), unless the member has a password already',
      'or --password-stdin gives one (read from standard input, e.g. `parley … --password-stdin < file`).',
      '--name is needed to create an account; an existing member keeps theirs.',
    ],
    positionals: ['email'],
    options: { name: { type: 'string' }, ...PASSWORD_OPTION, ...JSON_OPTION },
    build([address], v) {
      const command = 'staff:create-owner';
      return {
        command,
        json: v.json === true,
        email: email(address, command),
        name: staffName(str(v.name), command),
        passwordStdin: v['password-stdin'] === true,
      };
    },
  },
  'staff:create-admin': {
    synopsis: '<email> --site <id> --name <name> [--password-stdin] [--json]',
    summary: "Create an admin of a site, or give the existing member with this address the site's admin role.",
    details: ['The set-password link and --password-stdin work as for staff:create-owner.'],
    positionals: ['email'],
    options: { site: { type: 'string' }, name: { type: 'string' }, ...PASSWORD_OPTION, ...JSON_OPTION },
    build([address], v) {
      const command = 'staff:create-admin';
      const site = str(v.site);
      if (site === undefined) throw new UsageError('--site is required', command);
      return {
        command,
        json: v.json === true,
        email: email(address, command),
        site: siteId(site, command),
        name: staffName(str(v.name), command),
        passwordStdin: v['password-stdin'] === true,
      };
    },
  },
  'staff:reset-password': {
    synopsis: '<email> [--password-stdin] [--json]',
    summary: 'Print a one-time link (valid 24 h) that sets a new password for the member.',
    details: ['--password-stdin: set the password read from standard input instead; either way every session of the member ends once it is set.'],
    positionals: ['email'],
    options: { ...PASSWORD_OPTION, ...JSON_OPTION },
    build([address], v) {
      const command = 'staff:reset-password';
      return { command, json: v.json === true, email: email(address, command), passwordStdin: v['password-stdin'] === true };
    },
  },
  import: {
    synopsis: '<format> <file> --site <id> [--mapping identifier|url-path|pattern] [--pattern <regex>] [--dry-run] [--json]',
    summary: 'Import another system’s export into a site (disqus, wordpress, commento, remark42), with a progress bar and a summary.',
    details: [
      '--mapping: how a thread becomes an article id: its identifier (default), its URL path, or --pattern (capture group 1).',
      '--dry-run: read and map everything and print the report; nothing is written. Running the same file again adds only what is new.',
    ],
    positionals: ['format', 'file'],
    options: { site: { type: 'string' }, mapping: { type: 'string' }, pattern: { type: 'string' }, 'dry-run': { type: 'boolean' }, ...JSON_OPTION },
    build([format, file], v) {
      const command = 'import';
      if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`format must be one of ${IMPORT_FORMATS.join(', ')}`, command);
      const site = str(v.site);
      if (site === undefined) throw new UsageError('--site is required', command);
      const mapping = str(v.mapping) ?? (v.pattern !== undefined ? 'pattern' : 'identifier');
      if (!(MAPPINGS as readonly string[]).includes(mapping)) throw new UsageError(`--mapping must be one of ${MAPPINGS.join(', ')}`, command);
      const pattern = str(v.pattern);
      if ((mapping === 'pattern') !== (pattern !== undefined)) throw new UsageError('--pattern goes with --mapping pattern, and only with it', command);
      if (pattern !== undefined) {
        const compiled = compilePattern(pattern);
        if (typeof compiled === 'string') throw new UsageError(compiled, command);
      }
      return {
        command,
        json: v.json === true,
        format: format as ImportFormat,
        file,
        site: siteId(site, command),
        mapping: mapping as MappingKind,
        ...(pattern !== undefined ? { pattern } : {}),
        dryRun: v['dry-run'] === true,
      };
    },
  },
  export: {
    synopsis: '--site <id> [--format ndjson|disqus] > file',
    summary: 'Write a site’s export to standard output (progress on standard error): Parley NDJSON, complete and re-importable, or Disqus XML.',
    details: [
      '--format ndjson (default): settings, users, articles, comments with their revisions, reactions and reports, and the moderation log;',
      '  `parley import parley <file> --site <id>` reads it back. --format disqus: Disqus XML, for other systems.',
    ],
    positionals: [],
    options: { site: { type: 'string' }, format: { type: 'string' } },
    build(_p, v) {
      const command = 'export';
      const site = str(v.site);
      if (site === undefined) throw new UsageError('--site is required', command);
      const format = str(v.format) ?? 'ndjson';
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`, command);
      return { command, site: siteId(site, command), format: format as ExportFormat };
    },
  },
  migrate: {
    synopsis: '[--json]',
    summary: 'Apply the pending database migrations and print their names (the service also does at start).',
    details: [],
    positionals: [],
    options: JSON_OPTION,
    build: (_p, v) => ({ command: 'migrate', json: v.json === true }),
  },
};

const HELP_WORDS = new Set(['help', '--help', '-h']);

/** Reads argv (without node and the script): the request, or a UsageError. */
export function parseCommandLine(argv: string[]): Request {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('no command given');
  if (HELP_WORDS.has(name)) {
    const topic = rest[0];
    if (topic !== undefined && !COMMANDS[topic]) throw new UsageError(`unknown command ${JSON.stringify(topic)}`);
    return { command: 'help', topic };
  }
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  if (rest.some((a) => a === '--help' || a === '-h')) return { command: 'help', topic: name };
  // A password in the arguments would sit in the shell's history and the process list.
  if (rest.some((a) => /^--?(password|pass|pw)(=|$)/i.test(a))) {
    throw new UsageError('passwords are never taken as arguments: pipe one into --password-stdin, or leave it out for a set-password link', name);
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''), name);
  }
  const { positionals, values } = parsed;
  if (positionals.length < spec.positionals.length) {
    throw new UsageError(
      `missing ${spec.positionals
        .slice(positionals.length)
        .map((p) => `<${p}>`)
        .join(' ')}`,
      name,
    );
  }
  if (positionals.length > spec.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}`, name);
  return spec.build(positionals, values);
}

/** `parley help`: every command, one line each. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'Usage: parley <command> [arguments]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`),
    `  ${'help'.padEnd(width)}  This text; \`parley help <command>\` (or \`parley <command> --help\`) for one command.`,
    '',
    "The database is the service's: DATABASE_URL, or without it the embedded one in PARLEY_DATA_DIR (./data).",
    'Run it with the environment the service runs with. Stop a service running on the embedded database first:',
    'only one process may open it.',
    '',
    'Exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage (nothing changed).',
  ].join('\n');
}

/** `parley help <command>`. */
export function commandUsage(name: string): string {
  const spec = COMMANDS[name];
  return [`Usage: parley ${name} ${spec.synopsis}`, '', spec.summary, ...spec.details, '', '--json prints the result as JSON.'].join('\n');
}
