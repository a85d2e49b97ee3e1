import type { AuditLog } from '../audit/audit-log';
import { addDays, type Clock } from '../clock';
import type { EmailMessage } from '../email/email-message';
import { formatDay } from '../i18n/dates';
import { type SmsKind, smsText } from '../i18n/sms-texts';
import type { AccountControl } from '../identity/cognito-directory';
import { accountDetails, holderMissing, isInstitutionMailbox, withHolder } from '../institution-mailboxes/institution-mailbox';
import { logger } from '../logger';
import type { Member, MemberState } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { noticeAddress } from '../members/notice-address';
import { counterOf, progressScopeOf } from '../members/state-counter';
import { invitationAddress } from '../notices/invitation';
import type { Profile } from '../profiles';
import type { SmsSender } from '../sms/send-sms';
import type { DeadlineStore, DueEntry } from './deadline-store';
import { fileDeadline } from './file-deadline';
import { DEADLINE_SHARDS, deadlineKeys, deadlinePartition, nextDeadline } from './next-deadline';

/**
 * Days looked back, so a sweep that did not run for a while catches up (as `resend-notices`
 * does). Two weeks: 8 shard queries a day, mostly empty, and an outage of that length still finds
 * every deadline (the pre-authentication trigger enforces them meanwhile anyway).
 */
export const CATCH_UP_DAYS = 14;

export interface SweepDeps {
  deadlines: DeadlineStore;
  members: Pick<MemberStore, 'get'>;
  accounts: Pick<AccountControl, 'disableUser' | 'enableUser'>;
  sms: SmsSender;
  enqueueEmail(message: EmailMessage): Promise<void>;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  /** The run's id (the scheduled event's id): the audit records' request id. */
  runId: string;
}

export interface SweepResult {
  /** Index entries read (each at most once a run). */
  read: number;
  activationExpired: number;
  temporaryPasswordExpired: number;
  warningsSent: number;
  passwordExpired: number;
  /** Members whose stored keys disagreed with their facts: filed again, nothing sent. */
  refiled: number;
  /** Entries whose deadline had moved (password changed), was already handled, or whose member is gone. */
  skipped: number;
  /** Members whose step threw (logged; the deadline stays filed, so the next run tries again). */
  failed: number;
}

type ClosingKind = 'activation-window' | 'temporary-password' | 'password-expiry';

/** What the sweep does about one due entry: a pure decision on the member as just read. */
export type Step =
  | { kind: 'skip'; reason: 'gone' | 'moved' | 'not-due' }
  | { kind: 'refile' }
  | { kind: 'close'; deadline: ClosingKind; state: MemberState; disable: boolean }
  | { kind: 'warn'; warningDays: number; marked: number[]; expiresAt: string };

const CLOSED_STATE: Record<ClosingKind, MemberState> = {
  'activation-window': 'activation-expired',
  'temporary-password': 'temp-password-expired',
  'password-expiry': 'password-expired',
};

/**
 * Decides on one index entry. Acts only when the member is still filed under this very entry and
 * its facts still give this deadline: a password changed meanwhile moved the keys (skip), and keys
 * that disagree with the facts (a writer that forgot them) are filed again instead of acted on.
 * A rotation warning found late is sent once for the nearest offset that has passed (the ones
 * before it are marked, not sent), and one found after the expiry closes the account instead.
 */
export function decide(member: Member | null, entry: DueEntry, profile: Profile, now: Date): Step {
  if (!member) return { kind: 'skip', reason: 'gone' };
  if (member.deadlineSk !== entry.deadlineSk) return { kind: 'skip', reason: 'moved' };
  const current = nextDeadline(member, profile);
  if (deadlineKeys(member.memberId, current)?.deadlineSk !== member.deadlineSk) return { kind: 'refile' };
  if (!current || Date.parse(current.at) > now.getTime()) return { kind: 'skip', reason: 'not-due' };
  if (current.kind !== 'password-warning') {
    return { kind: 'close', deadline: current.kind, state: CLOSED_STATE[current.kind], disable: current.kind !== 'activation-window' };
  }
  // A warning implies a chosen password and a maximum age (nextDeadline gives none otherwise).
  const expiresAt = addDays(new Date(member.passwordChangedAt as string), profile.maxPasswordAgeDays as number);
  if (expiresAt.getTime() <= now.getTime()) return { kind: 'close', deadline: 'password-expiry', state: 'password-expired', disable: true };
  const sent = new Set(member.passwordWarningsSent ?? []);
  const due = profile.expiryWarningDays.filter((d) => !sent.has(d) && addDays(expiresAt, -d).getTime() <= now.getTime());
  return { kind: 'warn', warningDays: Math.min(...due), marked: due, expiresAt: expiresAt.toISOString() };
}

/**
 * The daily deadline sweep. Reads only the `deadline` index partitions of the last
 * `CATCH_UP_DAYS` days (every shard), entries due by now — never a scan, never Cognito
 * ListUsers — and for each member re-read consistently: closes what ran out (activation window,
 * temporary password, rotated password: Cognito user disabled, member told by SMS and email how to
 * get back in), or sends a rotation warning. Every step is one conditional write that also files
 * the member's next deadline (or removes it) and is made before anything is sent, so a second
 * run — or two at once — sends nothing twice.
 */
export async function sweepDeadlines(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = {
    read: 0,
    activationExpired: 0,
    temporaryPasswordExpired: 0,
    warningsSent: 0,
    passwordExpired: 0,
    refiled: 0,
    skipped: 0,
    failed: 0,
  };
  for (let back = CATCH_UP_DAYS - 1; back >= 0; back--) {
    const day = addDays(now, -back).toISOString().slice(0, 10);
    for (let shard = 0; shard < DEADLINE_SHARDS; shard++) {
      for (const entry of await deps.deadlines.due(deadlinePartition(day, shard), now.toISOString())) {
        result.read++;
        try {
          await handleEntry(entry, deps, now, result);
        } catch (error) {
          result.failed++;
          logger.error('deadline step failed; the next run tries again', { memberId: entry.memberId, error });
        }
      }
    }
  }
  return result;
}

/** A refiled member may turn out due under its corrected keys: it is looked at again, a bounded number of times. */
const MAX_STEPS_PER_MEMBER = 3;

async function handleEntry(first: DueEntry, deps: SweepDeps, now: Date, result: SweepResult): Promise<void> {
  let entry = first;
  for (let step = 0; step < MAX_STEPS_PER_MEMBER; step++) {
    const read = await deps.members.get(entry.memberId);
    // An institution mailbox is told through its responsible person (their phone, language, email).
    const member = read && (await withHolder(read, deps.members));
    const decision = decide(member, entry, deps.profile, now);
    if (decision.kind === 'skip' || !member) {
      result.skipped++;
      return;
    }
    if (decision.kind === 'refile') {
      const filed = fileDeadline(member.memberId, member, deps.profile);
      if (!(await deps.deadlines.settle(member, filed.set, filed.remove))) {
        result.skipped++;
        return;
      }
      result.refiled++;
      if (!('deadlineSk' in filed.set)) return;
      entry = { memberId: member.memberId, deadlineSk: filed.set.deadlineSk };
      continue;
    }
    if (decision.kind === 'warn') {
      if (await warn(member, decision, deps, now)) result.warningsSent++;
      else result.skipped++;
      return;
    }
    if (!(await close(member, decision, deps, now))) {
      result.skipped++;
      return;
    }
    if (decision.deadline === 'activation-window') result.activationExpired++;
    else if (decision.deadline === 'temporary-password') result.temporaryPasswordExpired++;
    else result.passwordExpired++;
    return;
  }
}

const helpdesk = (profile: Profile) => ({
  helpdeskEmail: profile.helpdesk.email,
  helpdeskPhone: profile.helpdesk.phone,
  helpdeskHours: profile.helpdesk.hours,
});

/** The `password-expiry-warning` email's facts. */
export function expiryWarningData(member: Member, expiresAt: string, warningDays: number, profile: Profile) {
  return {
    givenName: member.givenName,
    login: member.address,
    expiresOn: formatDay(expiresAt, member.locale, profile.timeZone),
    daysLeft: warningDays,
    maxAgeDays: profile.maxPasswordAgeDays ?? 0,
    webmailUrl: profile.webmailUrl,
    ...helpdesk(profile),
  };
}

/** Sends an SMS without failing the step: the state change is written already, and the email still goes. */
async function trySms(deps: SweepDeps, member: Member, text: string, what: string) {
  if (holderMissing(member)) {
    logger.warn('deadline SMS not sent: the institution mailbox has no responsible person in its institution', {
      memberId: member.memberId,
      what,
    });
    return;
  }
  try {
    await deps.sms.send(member.phone, text, member.institutionCode);
  } catch (error) {
    logger.warn('deadline SMS not sent', { memberId: member.memberId, what, error: (error as Error).name });
  }
}

async function warn(member: Member, step: Extract<Step, { kind: 'warn' }>, deps: SweepDeps, now: Date): Promise<boolean> {
  const passwordWarningsSent = [...(member.passwordWarningsSent ?? []), ...step.marked];
  const filed = fileDeadline(member.memberId, { ...member, passwordWarningsSent }, deps.profile);
  // Written before anything is sent: the run that wins this write is the only one that sends.
  if (!(await deps.deadlines.settle(member, { passwordWarningsSent, ...filed.set }, filed.remove))) return false;
  const to = noticeAddress(member) ?? member.address;
  await deps.enqueueEmail({
    key: `pw-warning#${member.memberId}#${member.passwordChangedAt}#${step.warningDays}`,
    template: 'password-expiry-warning',
    locale: member.locale,
    to,
    memberId: member.memberId,
    institutionCode: member.institutionCode,
    data: expiryWarningData(member, step.expiresAt, step.warningDays, deps.profile),
  });
  const text = isInstitutionMailbox(member)
    ? smsText('mailbox-expiry-warning', member.locale, { login: member.address, daysLeft: step.warningDays })
    : smsText('expiry-warning', member.locale, { daysLeft: step.warningDays });
  await trySms(deps, member, text, 'expiry-warning');
  logger.info('password expiry warning sent', { memberId: member.memberId, warningDays: step.warningDays, at: now.toISOString() });
  return true;
}

/** Leaves its state's counter for `expired` (the progress screens' one "expired" figure). */
function closing(member: Member) {
  const from = counterOf(member.state);
  return {
    scope: progressScopeOf(member),
    delta: { ...(from && { [from]: -1 }), expired: 1 },
  };
}

async function close(member: Member, step: Extract<Step, { kind: 'close' }>, deps: SweepDeps, now: Date): Promise<boolean> {
  // Cognito first (idempotent): a member closed in DynamoDB is never left with an open account.
  if (step.disable) await deps.accounts.disableUser(member.address);
  const settled = await deps.deadlines.settle(
    member,
    { state: step.state, updatedAt: now.toISOString() },
    // Closed: no deadline and no reminder any more (nextDeadline of a closed state is null).
    ['deadlinePk', 'deadlineSk', 'duePk', 'dueSk'],
    closing(member),
  );
  if (!settled) {
    if (step.disable) await undoDisable(member, deps, now);
    return false;
  }
  await deps.audit.record({
    actor: 'system:deadline-sweep',
    role: 'system',
    action: `member.${step.state}`,
    target: member.memberId,
    institution: member.institutionCode,
    at: now,
    requestId: deps.runId,
    outcome: 'success',
    details: { deadline: step.deadline, from: member.state, accountDisabled: step.disable, ...accountDetails(member) },
  });
  await notifyClosed(member, step, deps);
  return true;
}

/**
 * The write lost: a password changed (deadline moved) between our read and our write, or another
 * run closed the member first. Only in the first case is the account opened again.
 */
async function undoDisable(member: Member, deps: SweepDeps, now: Date) {
  const current = await deps.members.get(member.memberId);
  if (!current || current.state.endsWith('expired')) return;
  const next = nextDeadline(current, deps.profile);
  if (next && Date.parse(next.at) <= now.getTime() && next.kind !== 'password-warning') return;
  await deps.accounts.enableUser(member.address);
  logger.info('account enabled again: its deadline moved while the sweep closed it', { memberId: member.memberId });
}

/**
 * The email telling a member what closed and how to get back in, or null without an address.
 * The activation window's goes where the invitations went (old, else alternate address); the
 * others to the address outside the mailbox (`noticeAddress`).
 */
export function closedNotice(
  member: Member,
  deadline: ClosingKind,
  profile: Profile,
): Pick<EmailMessage, 'key' | 'template' | 'to' | 'data'> | null {
  const common = { givenName: member.givenName, login: member.address, ...helpdesk(profile) };
  if (deadline === 'activation-window') {
    const to = invitationAddress(member);
    const endedAt = member.activationWindowEndsAt ?? '';
    return to
      ? {
          key: `activation-window-closed#${member.memberId}#${endedAt}`,
          template: 'activation-window-closed',
          to,
          data: { ...common, windowEndedOn: formatDay(endedAt, member.locale, profile.timeZone) },
        }
      : null;
  }
  const to = noticeAddress(member);
  if (!to) return null;
  return deadline === 'temporary-password'
    ? {
        key: `temp-password-expired#${member.memberId}#${member.temporaryPasswordSetAt}`,
        template: 'temporary-password-expired',
        to,
        data: { ...common, tempPasswordDays: profile.temporaryPasswordDeadlineDays },
      }
    : {
        key: `password-expired#${member.memberId}#${member.passwordChangedAt}`,
        template: 'password-expired',
        to,
        data: { ...common, maxAgeDays: profile.maxPasswordAgeDays ?? 0 },
      };
}

const CLOSED_SMS = {
  'activation-window': 'activation-window-closed',
  'temporary-password': 'temporary-password-expired',
  'password-expiry': 'password-expired',
} as const satisfies Record<ClosingKind, SmsKind>;

/**
 * Tells the member, by email (where there is an address) and SMS, what closed and how to get back
 * in: a closed activation window is reopened by the school, a closed account by a reset. An
 * institution mailbox's responsible person is told which mailbox closed.
 */
async function notifyClosed(member: Member, step: Extract<Step, { kind: 'close' }>, deps: SweepDeps) {
  const email = closedNotice(member, step.deadline, deps.profile);
  if (email) {
    await deps.enqueueEmail({
      ...email,
      locale: member.locale,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
    });
  }
  const kind = CLOSED_SMS[step.deadline];
  const text = isInstitutionMailbox(member)
    ? smsText('mailbox-closed', member.locale, { login: member.address })
    : smsText(kind, member.locale, {});
  await trySms(deps, member, text, kind);
}
