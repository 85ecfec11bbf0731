import { randomBytes } from 'node:crypto';

/**
 * Master user passwords, kept in memory beside the state rather than in it: the state is
 * dumped by /_emulator/state and persisted as plain JSON, and a secret must appear in neither.
 * The price is that passwords do not survive an emulator restart; a database restored from a
 * persisted state then answers GetRelationalDatabaseMasterUserPassword with a fresh password,
 * as if it had been rotated. Keyed by ARN, which is unique for every resource ever made.
 */
const passwords = new Map<string, string>();

export function setMasterPassword(arn: string, password: string): void {
  passwords.set(arn, password);
}

export function masterPassword(arn: string): string {
  let password = passwords.get(arn);
  if (password === undefined) {
    password = generatePassword();
    passwords.set(arn, password);
  }
  return password;
}

export function forgetMasterPassword(arn: string): void {
  passwords.delete(arn);
}

/** Letters and digits only, so it satisfies every engine's rules. */
export function generatePassword(): string {
  return randomBytes(24)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 20);
}
