import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditLog } from '../audit/audit-log';
import { isConditionFailure, type TransactItem } from '../clients/dynamo-helpers';
import type { Clock } from '../clock';
import { TooManyRequestsError } from '../errors';
import type { RecoveryPhoneDirectory } from '../identity/cognito-directory';
import { logger } from '../logger';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { channelHold } from './channel-change';

/**
 * Cognito sends self-service reset codes (forgot-password by SMS) to the account's `phone_number`,
 * set from the phone on record when the account is made. A re-import that changes the phone of a
 * member who has an account leaves the old one there — the safe number while the change is held
 * (channel-change.ts), the wrong one forever after. So the change files an entry on a waiting list
 * in the same write (`recoveryPhoneEntry`, from the member store), and the account follows the
 * phone on record when the hold ends: by the `sync-recovery-phones` schedule, or at once when an
 * operator confirms the change. Entries are `RECOVERY-PHONE#<memberId>`/`RECOVERY-PHONE` on the
 * sparse `due` index (partition `RECOVERY-PHONE`, sorted by the change's instant), so the schedule
 * reads only changes older than the hold — never a scan. One entry per member: a later change
 * replaces it.
 */
export const RECOVERY_PHONE_PARTITION = 'RECOVERY-PHONE';

export interface RecoveryPhoneEntry {
  memberId: string;
  /** The re-import's `phoneChangedAt`. */
  changedAt: string;
}

const entryKey = (memberId: string) => ({ pk: `RECOVERY-PHONE#${memberId}`, sk: 'RECOVERY-PHONE' });

/** The entry, as an item of the re-import's own transaction (so a crash cannot change the phone without it). */
export function recoveryPhoneEntry(table: string, memberId: string, changedAt: string): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...entryKey(memberId), memberId, changedAt, duePk: RECOVERY_PHONE_PARTITION, dueSk: `${changedAt}#${memberId}` },
    },
  };
}

/** Where a read of the list stopped (DynamoDB's key), to read on from it. */
export type ListPosition = Record<string, unknown>;

export interface RecoveryPhoneStore {
  /** Entries of changes made at or before `changedBy`, oldest first, from `after`; `next` when there may be more. */
  due(changedBy: string, limit: number, after?: ListPosition): Promise<{ entries: RecoveryPhoneEntry[]; next?: ListPosition }>;
  /** Files (or replaces) the member's entry. */
  file(entry: RecoveryPhoneEntry): Promise<void>;
  /** Takes the entry off if it is still the one of that change (a later change stays filed); false otherwise. */
  done(entry: RecoveryPhoneEntry): Promise<boolean>;
}

export function dynamoRecoveryPhoneStore(db: DynamoDBDocumentClient, table: string): RecoveryPhoneStore {
  return {
    async due(changedBy, limit, after) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'due',
          KeyConditionExpression: 'duePk = :p AND dueSk <= :by',
          ExpressionAttributeValues: { ':p': RECOVERY_PHONE_PARTITION, ':by': `${changedBy}#\uffff` },
          Limit: limit,
          ...(after && { ExclusiveStartKey: after }),
        }),
      );
      return {
        entries: (out.Items ?? []).map((i) => ({ memberId: i.memberId as string, changedAt: i.changedAt as string })),
        ...(out.LastEvaluatedKey && { next: out.LastEvaluatedKey }),
      };
    },
    async file(entry) {
      await db.send(new PutCommand(recoveryPhoneEntry(table, entry.memberId, entry.changedAt).Put as never));
    },
    async done(entry) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: entryKey(entry.memberId),
            ConditionExpression: 'changedAt = :at',
            ExpressionAttributeValues: { ':at': entry.changedAt },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}

export interface RecoveryPhoneDeps {
  entries: RecoveryPhoneStore;
  members: Pick<MemberStore, 'get'>;
  directory: RecoveryPhoneDirectory;
  audit: Pick<AuditLog, 'record'>;
  profile: Pick<Profile, 'channelChangeHoldHours'>;
  clock: Clock;
}

/** Sets the account's recovery phone to the one on record; audited when there is an account. */
export async function syncRecoveryPhone(
  member: Member,
  by: { actor: string; role: string; requestId: string },
  deps: Pick<RecoveryPhoneDeps, 'directory' | 'audit' | 'clock'>,
): Promise<'updated' | 'no-account'> {
  const outcome = await deps.directory.setRecoveryPhone(member.address, member.phone);
  if (outcome === 'updated') {
    await deps.audit.record({
      ...by,
      action: 'member.recovery-phone-updated',
      target: member.memberId,
      institution: member.institutionCode,
      at: deps.clock.now(),
      outcome: 'success',
      // Never the number: when the account's reset codes started to go to the phone on record.
      ...(member.phoneChangedAt && { details: { phoneChangedAt: member.phoneChangedAt } }),
    });
  }
  return outcome;
}

/**
 * A run's bounds: Cognito's admin writes are rate-limited per pool (a few tens a second, shared
 * with the rest of Posta), so at most `calls` accounts are set a run; entries of members who
 * cannot have an account yet (pending, never provisioned) cost no call, so a run reads up to
 * `entries` of them. The rest wait for the next run (every 15 minutes).
 */
export const RUN_LIMITS = { calls: 500, entries: 5_000, page: 100 } as const;

/** Pending and never provisioned: no sign-in account exists, so Cognito need not be asked. */
const cannotHaveAccount = (member: Member) => member.state === 'pending' && member.accountCreatedAt === undefined;

/**
 * The `sync-recovery-phones` schedule: every entry whose change is older than the hold (the
 * hold's end is exclusive, as `channelHold`) gets the account's recovery phone set to the phone
 * on record and leaves the list; a member without an account (or gone) just leaves it (an account
 * made later takes the phone on record then). An entry older than its member's latest change (it
 * cannot happen through the member store, which files both in one write) is filed again at it.
 * One entry Cognito refuses is logged and stays for the next run; it does not stop the others.
 */
export async function syncRecoveryPhones(
  deps: RecoveryPhoneDeps,
  runId: string,
  limits: { calls: number; entries: number; page: number } = RUN_LIMITS,
) {
  const now = deps.clock.now();
  const changedBy = new Date(now.getTime() - deps.profile.channelChangeHoldHours * 3_600_000).toISOString();
  const summary = { updated: 0, noAccount: 0, gone: 0, stillHeld: 0, failed: 0 };
  const by = { actor: 'system:sync-recovery-phones', role: 'system', requestId: runId };
  let calls = 0;
  let read = 0;
  let after: ListPosition | undefined;
  do {
    const page = await deps.entries.due(changedBy, limits.page, after);
    for (const entry of page.entries) {
      const member = await deps.members.get(entry.memberId);
      if (member && channelHold(member, now, deps.profile.channelChangeHoldHours)) {
        await deps.entries.file({ memberId: member.memberId, changedAt: member.phoneChangedAt as string });
        summary.stillHeld++;
        continue;
      }
      if (!member) {
        summary.gone++;
      } else if (cannotHaveAccount(member)) {
        summary.noAccount++;
      } else {
        if (calls >= limits.calls) return summary;
        calls++;
        try {
          summary[(await syncRecoveryPhone(member, by, deps)) === 'updated' ? 'updated' : 'noAccount']++;
        } catch (error) {
          if (error instanceof TooManyRequestsError) throw error;
          logger.warn('the recovery phone could not be set', { memberId: member.memberId, error: (error as Error).name });
          summary.failed++;
          continue;
        }
      }
      await deps.entries.done(entry);
    }
    read += page.entries.length;
    after = page.next;
  } while (after && read < limits.entries);
  return summary;
}
