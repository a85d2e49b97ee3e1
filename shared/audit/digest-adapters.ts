import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign as signLocally } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AUDIT_DIGESTS } from '../catalog';
import { kms } from '../clients/kms';
import { s3 } from '../clients/s3';
import { ConfigError } from '../config/env';
import type { TrustedKey } from './audit-digest';

/** Write-once storage for digests. */
export interface DigestStore {
  /** Stores a new object; fails when the key exists (a digest is never replaced). */
  putOnce(key: string, body: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<string | null>;
  /** The keys under a prefix, in key order. */
  list(prefix: string): Promise<string[]>;
  /** The folders (`<prefix><name>/`) directly under a prefix ending in `/`, in key order. */
  folders(prefix: string): Promise<string[]>;
}

/** Signs digests: a key the audit writers cannot use. */
export interface DigestSigner {
  keyId: string;
  /** A DER-encoded ECDSA P-256 / SHA-256 signature of `data`. */
  sign(data: Buffer): Promise<Buffer>;
}

/** S3 with Object Lock: the bucket's default retention locks every version; `If-None-Match` refuses an overwrite. */
export function s3DigestStore(bucket: string): DigestStore {
  return {
    async putOnce(key, body) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
          // Object Lock requires an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    },
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString('utf8')) ?? null;
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async folders(prefix) {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
        found.push(...(out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return found.sort();
    },
  };
}

/**
 * The local stand-in: files created exclusively (`wx`) and read-only (0444). Nothing stops the
 * owner of the folder from deleting them — that is what Object Lock adds in the cloud.
 */
export function folderDigestStore(root: string): DigestStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new Error(`digest key outside the store: ${key}`);
    return path;
  };
  return {
    async putOnce(key, body) {
      const path = pathOf(key);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, body, { flag: 'wx', mode: 0o444 });
    },
    async get(key) {
      const path = pathOf(key);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    },
    async list(prefix) {
      // Keys are `<profile>/<day>/<file>`: list the folder the prefix names.
      const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : dirname(prefix);
      const dir = pathOf(folder);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .map((name) => `${folder}/${name}`)
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    async folders(prefix) {
      const dir = pathOf(prefix.slice(0, -1));
      if (!existsSync(dir)) return [];
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${prefix}${e.name}/`)
        .sort();
    },
  };
}

/** KMS `Sign` on the SHA-256 of the data (KMS signs at most 4 KB of message; a digest may be larger). */
export function kmsDigestSigner(keyId: string): DigestSigner {
  return {
    keyId,
    async sign(data) {
      const out = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: createHash('sha256').update(data).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!out.Signature) throw new Error('KMS returned no signature');
      return Buffer.from(out.Signature);
    },
  };
}

/** `local:<first 16 hex of the SHA-256 of the public key>`: names a local key pair in digests. */
export function localKeyId(publicKey: KeyObject): string {
  return `local:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16)}`;
}

export function localDigestSigner(privateKeyFile: string): DigestSigner {
  const privateKey = createPrivateKey(readFileSync(privateKeyFile, 'utf8'));
  return {
    keyId: localKeyId(createPublicKey(privateKey)),
    sign: async (data) => signLocally('sha256', data, privateKey),
  };
}

/** The public half of the KMS key (DER SubjectPublicKeyInfo), named as digests name it. */
export async function kmsTrustedKey(keyId: string): Promise<TrustedKey> {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!out.PublicKey) throw new Error('KMS returned no public key');
  return { id: keyId, publicKey: createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }) };
}

export function localTrustedKey(publicKeyFile: string): TrustedKey {
  const publicKey = createPublicKey(readFileSync(publicKeyFile, 'utf8'));
  return { id: localKeyId(publicKey), publicKey };
}

const missing = (cloud: string, local: string) => new ConfigError(`Missing configuration: ${cloud} (or ${local} locally)`);

/** The digest store the function is bound to: the bucket in the cloud, the folder locally. */
export function digestStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DigestStore {
  const bucket = env[AUDIT_DIGESTS.bucketEnv];
  if (bucket) return s3DigestStore(bucket);
  const dir = env[AUDIT_DIGESTS.dirEnv];
  if (dir) return folderDigestStore(dir);
  throw missing(AUDIT_DIGESTS.bucketEnv, AUDIT_DIGESTS.dirEnv);
}

export function digestSignerFromEnv(env: NodeJS.ProcessEnv = process.env): DigestSigner {
  const keyId = env[AUDIT_DIGESTS.keyIdEnv];
  if (keyId) return kmsDigestSigner(keyId);
  const file = env[AUDIT_DIGESTS.privateKeyFileEnv];
  if (file) return localDigestSigner(file);
  throw missing(AUDIT_DIGESTS.keyIdEnv, AUDIT_DIGESTS.privateKeyFileEnv);
}

/** The key digests must be signed with; checked at cold start, the KMS public key fetched once when first needed. */
export function trustedDigestKeyFromEnv(env: NodeJS.ProcessEnv = process.env): () => Promise<TrustedKey> {
  const keyId = env[AUDIT_DIGESTS.keyIdEnv];
  const file = env[AUDIT_DIGESTS.publicKeyFileEnv];
  if (!keyId && !file) throw missing(AUDIT_DIGESTS.keyIdEnv, AUDIT_DIGESTS.publicKeyFileEnv);
  let trusted: Promise<TrustedKey> | undefined;
  return () => {
    trusted ??= keyId ? kmsTrustedKey(keyId) : Promise.resolve(localTrustedKey(file as string));
    trusted.catch(() => {
      trusted = undefined;
    });
    return trusted;
  };
}

/** Where the local key pair lives in a state folder (local runner and tools only). */
export const localDigestKeyFiles = (dir: string) => ({ privateKey: join(dir, 'private.pem'), publicKey: join(dir, 'public.pem') });
