import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError } from '../errors';
import type { RecoveryPhoneDirectory } from '../identity/cognito-directory';
import { logger } from '../logger';
import type { ProvisionMessage } from '../lots/launch-lots';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { type ChannelHold, channelHold } from './channel-change';
import type { HeldCredentialStore } from './held-credential-store';
import { type RecoveryPhoneStore, syncRecoveryPhone } from './recovery-phone';

type HoldProfile = Pick<Profile, 'channelChangeHoldHours'>;

/** A lot member that waits for its temporary password (no account or an account without one yet). */
const waitsForProvisioning = (member: Member) =>
  member.lotId !== undefined && (member.state === 'pending' || member.state === 'account-created');

/**
 * The lot launch's part of the guard: while the member's phone is held, nothing is created or
 * sent; the member is filed as waiting until the hold ends (the provision message is done with,
 * nothing is lost: the release schedule or an operator's confirmation sends it again). Returns
 * the hold, or null when the member may be provisioned now.
 */
export async function holdProvisioning(
  member: Member,
  deps: { held: Pick<HeldCredentialStore, 'park'>; profile: HoldProfile; clock: Clock },
): Promise<ChannelHold | null> {
  const hold = channelHold(member, deps.clock.now(), deps.profile.channelChangeHoldHours);
  if (hold) await deps.held.park(member.memberId, member.state, hold.clearsAt);
  return hold;
}

export interface ReleaseDeps {
  held: HeldCredentialStore;
  members: Pick<MemberStore, 'get'>;
  /** Hands a lot member back to the provision queue. */
  enqueue(message: ProvisionMessage): Promise<void>;
  profile: HoldProfile;
  clock: Clock;
}

/** Sends a waiting member back to provisioning, then takes it off the list (a crash in between sends twice: the consumer skips a member it already provisioned). */
async function release(member: Member, deps: Pick<ReleaseDeps, 'held' | 'enqueue'>): Promise<boolean> {
  if (!waitsForProvisioning(member)) return false;
  await deps.enqueue({ lotId: member.lotId as string, memberId: member.memberId });
  await deps.held.unpark(member.memberId);
  return true;
}

/**
 * The `release-held-credentials` schedule: waiting members whose hold has ended go back to the
 * provision queue; one whose phone changed again meanwhile is filed again with the new end; one
 * provisioned meanwhile (an operator confirmed) is just taken off the list. Reads only the due
 * part of the waiting list.
 */
export async function releaseHeldCredentials(deps: ReleaseDeps, batch = 100) {
  const now = deps.clock.now();
  const summary = { released: 0, stillHeld: 0, gone: 0 };
  for (const entry of await deps.held.due(now.toISOString(), batch)) {
    const member = await deps.members.get(entry.memberId);
    const hold = member && waitsForProvisioning(member) ? channelHold(member, now, deps.profile.channelChangeHoldHours) : null;
    if (member && hold) {
      await deps.held.park(member.memberId, member.state, hold.clearsAt);
      summary.stillHeld++;
    } else if (member && (await release(member, deps))) {
      summary.released++;
    } else {
      await deps.held.unpark(entry.memberId);
      summary.gone++;
    }
  }
  return summary;
}

export interface ConfirmDeps extends ReleaseDeps {
  audit: AuditLog;
  directory: RecoveryPhoneDirectory;
  recoveryPhones: Pick<RecoveryPhoneStore, 'done'>;
}

/**
 * What became of the account's recovery phone (where Cognito sends reset codes) on a confirmation:
 * set to the new phone now, no account yet (it takes the phone on record when made), not the
 * phone that was confirmed, or `pending` — Cognito failed, the schedule sets it when the hold ends.
 */
export type RecoveryPhoneOutcome = 'updated' | 'no-account' | 'unchanged' | 'pending';

async function followConfirmedPhone(member: Member, hold: ChannelHold, by: { actor: string; requestId: string }, deps: ConfirmDeps) {
  if (!hold.channels.includes('phone')) return 'unchanged';
  try {
    const outcome = await syncRecoveryPhone(member, { ...by, role: 'operator' }, deps);
    await deps.recoveryPhones.done({ memberId: member.memberId, changedAt: member.phoneChangedAt as string });
    return outcome;
  } catch (error) {
    logger.warn('the recovery phone could not be set at confirmation', { memberId: member.memberId, error: (error as Error).name });
    return 'pending';
  }
}

/**
 * An operator confirms a member's changed phone or alternate email (with a reason, audited): the
 * hold ends now, so resets and activation codes go to the new channel again, a lot member
 * waiting for its temporary password is sent back to provisioning at once, and a confirmed phone
 * becomes the account's recovery phone at once (Cognito's reset codes go to it). 409
 * `channel_change_not_held` when nothing is held.
 */
export async function confirmChannelChange(memberId: string, reason: string, actor: Actor, requestId: string, deps: ConfirmDeps) {
  const member = await deps.members.get(memberId);
  if (!member) throw new NotFoundError('The member', 'member_not_found');
  const now = deps.clock.now();
  const hold = channelHold(member, now, deps.profile.channelChangeHoldHours, ['phone', 'alternateEmail']);
  if (!hold) throw new ConflictError('No changed phone or alternate email of this member is held', 'channel_change_not_held');
  const confirmedAt = now.toISOString();
  await deps.held.confirm(member.memberId, confirmedAt);
  const released = member.credentialsHeldUntil !== undefined && (await release(member, deps));
  const recoveryPhone: RecoveryPhoneOutcome = await followConfirmedPhone(member, hold, { actor: actor.sub, requestId }, deps);
  await deps.audit.record({
    actor: actor.sub,
    role: 'operator',
    action: 'member.channel-change-confirmed',
    target: member.memberId,
    institution: member.institutionCode,
    at: now,
    requestId,
    outcome: 'success',
    reason,
    details: { channels: hold.channels.join(','), heldUntil: hold.clearsAt, released, recoveryPhone },
  });
  return { memberId: member.memberId, confirmedAt, channels: hold.channels, released, recoveryPhone };
}
