import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';

/**
 * The local state folder holds keys (`secrets.json`, `runtime.json`), demo passwords and the mail
 * router's client secret: readable by its owner only. `mode` on open applies only when a file is
 * created, so the mode is set again on files left by an older run.
 */
export function writePrivateFile(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Tightens a file an older run may have left world-readable. */
export function keepPrivate(file: string): void {
  chmodSync(file, 0o600);
}

/** A folder only its owner may list or enter (the state folder, and any folder of keys in it). */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
