import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localDigestKeyFiles } from '../shared/audit/digest-adapters';
import { AUDIT_DIGESTS } from '../shared/catalog';
import { makePrivateDir, writePrivateFile } from './support/private-files';

/**
 * The local stand-ins for the audit digests' Object Lock bucket and KMS key: a folder and an
 * ECDSA P-256 key pair (KMS's ECC_NIST_P256) made on first start, kept in the state folder.
 * Returns the variables the bind helpers set in the cloud, local flavour.
 */
export function localAuditDigests(stateDir: string): Record<string, string> {
  const dir = join(stateDir, 'audit-digests');
  const keys = join(stateDir, 'audit-digest-key');
  makePrivateDir(dir);
  makePrivateDir(keys);
  const files = localDigestKeyFiles(keys);
  if (!existsSync(files.privateKey) || !existsSync(files.publicKey)) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writePrivateFile(files.privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writePrivateFile(files.publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  return {
    [AUDIT_DIGESTS.dirEnv]: dir,
    [AUDIT_DIGESTS.privateKeyFileEnv]: files.privateKey,
    [AUDIT_DIGESTS.publicKeyFileEnv]: files.publicKey,
  };
}
