import { createHash } from 'node:crypto';
import { addDays } from '../clock';

/** Reminders are spread over shards so a lot of 100,000 does not make one hot partition. */
export const NOTICE_SHARDS = 8;

export const noticeShard = (memberId: string) => (createHash('sha256').update(memberId).digest()[0] ?? 0) % NOTICE_SHARDS;

/** The sparse `due` index keys for a member's next reminder: day (UTC) and shard. */
export function nextNoticeKeys(memberId: string, from: Date, everyDays: number) {
  const day = addDays(from, everyDays).toISOString().slice(0, 10);
  return { duePk: `NOTICE#${day}#${noticeShard(memberId)}`, dueSk: memberId };
}
