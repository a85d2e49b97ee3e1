import { randomBytes } from 'node:crypto';

/** `mb-` and 24 hex digits: never a member id (`m-…`, derived from a national ID), so never an import's. */
export const MAILBOX_ID = /^mb-[0-9a-f]{24}$/;
export const newMailboxId = () => `mb-${randomBytes(12).toString('hex')}`;
