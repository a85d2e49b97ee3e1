import { KMSClient } from '@aws-sdk/client-kms';

// Signs audit digests (the digest job) and hands out the public key (verifiers). No local KMS:
// locally the digest key is a key pair in the state folder (shared/audit/digest-adapters.ts).
export const kms = new KMSClient({});
