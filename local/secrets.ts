import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SECRETS, type SecretId } from '../shared/catalog';
import { writePrivateFile } from './support/private-files';

/**
 * Local stand-ins for the deployment's secrets: random values made on first start and kept in
 * the state folder (mode 600), so hashes stay comparable across restarts, as in the cloud.
 */
export function localSecrets(file: string): Record<SecretId, string> {
  const known: Partial<Record<SecretId, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const id of Object.keys(SECRETS) as SecretId[]) known[id] ??= randomBytes(48).toString('base64url');
  writePrivateFile(file, JSON.stringify(known, null, 2));
  return known as Record<SecretId, string>;
}
