import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where a data folder keeps the credentials its stack made: a folder only its owner may enter. */
export const secretsDir = (dataDir: string) => path.join(dataDir, 'secrets');

/** A file only the owner may read, in a folder only the owner may enter; a crash never leaves half of it. */
export function writeSecretFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  const partial = `${file}.partial-${process.pid}`;
  fs.writeFileSync(partial, text, { mode: 0o600 });
  fs.renameSync(partial, file);
}

export type Passwords = Record<string, string>;

export const readPasswords = (file: string): Passwords =>
  JSON.parse(fs.readFileSync(file, 'utf8')) as Passwords;

/**
 * The passwords kept in `file` (name → password), with a fresh random one for every name not there yet,
 * stored back when one was added. `created`: there was no file.
 */
export function loadOrCreatePasswords(
  file: string,
  names: readonly string[],
): { passwords: Passwords; created: boolean } {
  const created = !fs.existsSync(file);
  const stored = created ? {} : readPasswords(file);
  const passwords = { ...stored };
  for (const name of names) passwords[name] ||= randomBytes(32).toString('base64url');
  if (names.some((name) => !stored[name])) writeSecretFile(file, `${JSON.stringify(passwords, null, 2)}\n`);
  return { passwords, created };
}
