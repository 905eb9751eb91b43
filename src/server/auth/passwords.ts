// Password hashing with Argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane). The hash string carries its own
// parameters, so raising them later only affects new hashes.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

const ARGON2ID = 2 as Algorithm; // the const enum's value; const enums cannot be imported under isolatedModules
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never signs anyone in.
    return false;
  }
}

let dummy: Promise<string> | null = null;

/** Spends the same work as a real check, so an unknown username is not told apart by the response time. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('quita-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
}
