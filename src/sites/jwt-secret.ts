import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvConfig } from '../config/config';

/** Outside production a missing JWT_SECRET is generated once and kept in the data folder. */
export function resolveJwtSecret(config: EnvConfig): string | undefined {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.production) return undefined;
  const dir = resolve(config.PARLEY_DATA_DIR);
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
