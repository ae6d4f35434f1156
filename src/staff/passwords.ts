import { hash, verify, argon2id } from 'argon2';
import { badRequest } from '../common/api-error';

/** argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~tens of ms on this hardware, little memory per sign-in. */
const OPTIONS = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

/** A hash of nothing anyone knows: checked against when the address is unknown, so both answers take as long. */
let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword(`no account ${Math.random()}`));

/** Checks a password against a stored hash; with no hash (unknown address, no password yet) spends the same time and fails. */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  const ok = await verify(stored ?? (await dummyHash()), password).catch(() => false);
  return ok && stored !== null;
}

/** The password policy: 12-200 characters, and not the address itself. */
export function assertPasswordAcceptable(password: string, email: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw badRequest('PASSWORD_TOO_SHORT', `The password needs at least ${PASSWORD_MIN} characters`);
  if (length > PASSWORD_MAX) throw badRequest('PASSWORD_TOO_LONG', `The password may have at most ${PASSWORD_MAX} characters`);
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) throw badRequest('PASSWORD_IS_EMAIL', 'The password must not be the email address');
}
