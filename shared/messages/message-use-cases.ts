import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import {
  type Actor,
  actingInstitution,
  assertInstitution,
  institutionsOf,
  mayActEverywhere,
  mayActOnInstitution,
  PolicyRefusal,
} from '../auth/scope';
import type { Clock } from '../clock';
import { type DeliveryFailureStore, recordDeliveryFailure } from '../delivery/delivery-failure';
import { patiently } from '../delivery/outage';
import type { SesEvent } from '../delivery/ses-events';
import { KEY_TAG } from '../delivery/ses-events';
import type { EmailMessage } from '../email/email-message';
import { ConflictError, type FieldProblem, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { smsSegments } from '../i18n/sms-segments';
import type { InstitutionRegistry } from '../institutions/institution';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { LOCALES, type Locale } from '../profiles/profile-ids';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';
import {
  EMPTY_REPORT,
  estimatedSegments,
  FANOUT_LEASE_MS,
  type LocalizedText,
  type Message,
  type MessageContent,
  type MessageSelection,
  messageEmailKey,
  messageOfKey,
  renderText,
  TEXT_LIMITS,
  textFor,
  unknownPlaceholders,
} from './message';
import type { MessageStore } from './message-store';
import { countRecipients, type Recipient, type RecipientSources, recipientsOf } from './recipients';

export interface MessageDeps {
  messages: MessageStore;
  sources: RecipientSources;
  institutions: InstitutionRegistry;
  audit: AuditLog;
  profile: Pick<Profile, 'defaultLocale' | 'messageApprovalThreshold'>;
  clock: Clock;
  newId?: () => string;
}

export interface CreateMessageInput {
  selection: Omit<MessageSelection, 'institutionCodes'> & { institutionCodes?: string[] | undefined };
  subject: LocalizedText;
  body: LocalizedText;
  sms?: LocalizedText | undefined;
}

const roleOf = (actor: Actor) => (actor.roles.includes('operator') ? 'operator' : 'school-admin');

/** The SMS parts each locale's text needs, estimated before anyone's fields are filled in. */
const smsEstimate = (sms: LocalizedText | null) =>
  sms ? Object.fromEntries(Object.entries(sms).map(([locale, text]) => [locale, estimatedSegments(text ?? '')])) : null;

/** A message as the API shows it: the texts the sender wrote, the selection (ids only), the state and the report. */
/** A message in a list: everything but its texts (no bodies, no SMS size estimate to compute). */
function messageSummary(m: Message, profile: Pick<Profile, 'messageApprovalThreshold'>) {
  return {
    messageId: m.messageId,
    state: m.state,
    selection: m.selection,
    subject: m.content.subject,
    recipients: m.recipients,
    approvalThreshold: profile.messageApprovalThreshold,
    needsApproval: m.recipients > profile.messageApprovalThreshold,
    createdAt: m.createdAt,
    sendAt: m.sendAt,
    approvedBy: m.approvedBy,
    sentAt: m.sentAt,
    cancelledAt: m.cancelledAt,
    report: m.report,
  };
}

/** One message as its author and approvers see it: the summary, the texts and the SMS's size. */
export function messageView(m: Message, profile: Pick<Profile, 'messageApprovalThreshold'>) {
  return {
    ...messageSummary(m, profile),
    body: m.content.body,
    sms: m.content.sms,
    smsSegments: smsEstimate(m.content.sms),
  };
}

/** Every problem of the texts at once: the default locale's subject and body, known placeholders only, SMS size. */
function contentProblems(input: CreateMessageInput, defaultLocale: Locale): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Lengths are the request schema's (shared/api/message-schemas.ts); these are what it cannot tell.
  const parts: Array<[keyof MessageContent, LocalizedText | undefined]> = [
    ['subject', input.subject],
    ['body', input.body],
    ['sms', input.sms],
  ];
  for (const [part, texts] of parts) {
    if (texts === undefined) continue;
    if (!texts[defaultLocale]?.trim()) {
      problems.push({
        field: `body.${part}.${defaultLocale}`,
        code: 'text_required',
        message: `The ${part} in ${defaultLocale} (the default language) is required`,
      });
    }
    for (const locale of LOCALES) {
      const text = texts[locale];
      if (text === undefined) continue;
      const field = `body.${part}.${locale}`;
      const unknown = unknownPlaceholders(text);
      if (unknown.length) {
        problems.push({
          field,
          code: 'placeholder_unknown',
          message: `Only {{givenName}}, {{familyName}}, {{login}} and {{institutionCode}} are filled in; not ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
        });
      }
      if (part === 'sms' && estimatedSegments(text).segments > TEXT_LIMITS.smsSegments) {
        problems.push({ field, code: 'sms_too_long', message: `An SMS may take at most ${TEXT_LIMITS.smsSegments} parts` });
      }
    }
  }
  return problems;
}

/**
 * Where a new message may go: a school admin's own institutions (those named, each reached, or
 * all they administer), an operator's any registered ones (none named: every institution); for
 * listed members, their institutions (each reached: another institution's member is a 403).
 */
async function scopedSelection(input: CreateMessageInput, actor: Actor, deps: MessageDeps): Promise<MessageSelection> {
  const { institutionCodes: named = [], ...rest } = input.selection;
  if (rest.memberIds?.length) {
    const found = await deps.sources.members.getMany(rest.memberIds);
    const missing = rest.memberIds.filter((id) => !found.has(id));
    if (missing.length) {
      throw new ValidationError([
        { field: 'body.selection.memberIds', code: 'member_not_found', message: `No member with id ${missing.slice(0, 5).join(', ')}` },
      ]);
    }
    const codes = [...new Set([...found.values()].map((m) => m.institutionCode))].sort();
    for (const code of codes) assertInstitution(actor, code);
    return { ...rest, memberIds: [...new Set(rest.memberIds)], institutionCodes: codes };
  }
  const codes = [...new Set(named)].sort();
  for (const code of codes) assertInstitution(actor, code);
  if (mayActEverywhere(actor)) {
    const known = codes.length ? await deps.institutions.known(codes) : new Set<string>();
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new ValidationError([
        { field: 'body.selection.institutionCodes', code: 'institution_unknown', message: `Not registered: ${unknown.join(', ')}` },
      ]);
    }
    return { ...rest, institutionCodes: codes };
  }
  const own = codes.length ? codes : institutionsOf(actor).sort();
  if (!own.length) throw new PolicyRefusal('no_scope');
  return { ...rest, institutionCodes: own };
}

function audit(
  deps: Pick<MessageDeps, 'audit' | 'clock'>,
  m: Message,
  entry: Pick<AuditEntry, 'actor' | 'role' | 'action' | 'requestId'> & Partial<AuditEntry>,
) {
  const codes = m.selection.institutionCodes;
  return deps.audit.record({
    target: `MESSAGE#${m.messageId}`,
    // Filed in the trail of the one institution it goes to; a message to several is kept under `none`, findable by target.
    institution: codes.length === 1 ? (codes[0] as string) : 'none',
    at: deps.clock.now(),
    outcome: 'success',
    ...entry,
  });
}

/** The selection as the audit trail keeps it: which institutions, filters and how many listed — ids, never anyone's data. */
const selectionDetails = (s: MessageSelection) => ({
  institutions: s.institutionCodes.length ? s.institutionCodes : ['*'],
  categories: s.categories ?? [],
  states: s.states ?? [],
  roles: s.roles ?? [],
  listedMembers: s.memberIds?.length ?? 0,
  phoneUpdateList: Boolean(s.phoneUpdateList),
});

/** A new message, as a draft, with the size of its selection: nothing is sent until `sendMessage`. */
export async function createMessage(input: CreateMessageInput, actor: Actor, requestId: string, deps: MessageDeps) {
  const selection = await scopedSelection(input, actor, deps);
  const problems = contentProblems(input, deps.profile.defaultLocale);
  if (problems.length) throw new ValidationError(problems);
  const recipients = await countRecipients(selection, deps.sources);
  if (recipients === 0) {
    throw new ValidationError([{ field: 'body.selection', code: 'selection_empty', message: 'Nobody is in this selection' }]);
  }
  const now = deps.clock.now().toISOString();
  const message: Message = {
    messageId: deps.newId?.() ?? randomUUID(),
    state: 'draft',
    selection,
    content: { subject: input.subject, body: input.body, sms: input.sms ?? null },
    recipients,
    createdBy: actor.sub,
    createdByRole: roleOf(actor),
    createdAt: now,
    sentBy: null,
    sendAt: null,
    approvedBy: null,
    claimedAt: null,
    sentAt: null,
    cancelledAt: null,
    report: EMPTY_REPORT,
  };
  await deps.messages.create(message);
  await audit(deps, message, {
    actor: actor.sub,
    role: roleOf(actor),
    action: 'message.created',
    requestId,
    details: { ...selectionDetails(selection), recipients, locales: Object.keys(input.body), sms: Boolean(input.sms) },
  });
  return messageView(message, deps.profile);
}

/** The message, if the actor reaches every institution it goes to (404 unknown, 403 otherwise). */
export async function messageFor(actor: Actor, messageId: string, deps: Pick<MessageDeps, 'messages'>): Promise<Message> {
  const message = await deps.messages.get(messageId);
  if (!message) throw new NotFoundError('The message', 'message_not_found');
  const codes = message.selection.institutionCodes;
  if (!codes.length && !mayActEverywhere(actor)) throw new PolicyRefusal('institution_out_of_scope');
  for (const code of codes) assertInstitution(actor, code);
  return message;
}

/** Whether the actor reaches every institution the message goes to (what `messageFor` requires). */
function mayOpen(actor: Actor, m: Message): boolean {
  const codes = m.selection.institutionCodes;
  return codes.length ? codes.every((code) => mayActOnInstitution(actor, code)) : mayActEverywhere(actor);
}

/**
 * Messages newest first, without their bodies: every one for an operator who names no
 * institution; otherwise those to the institution named (or the one a school admin administers;
 * 400 `institution_required` when several). Only messages the caller may open are listed — a
 * school admin does not see an operator's message to several institutions.
 */
export async function listMessages(
  actor: Actor,
  query: { institutionCode?: string | undefined; limit: number; cursor?: string | undefined },
  deps: Pick<MessageDeps, 'messages' | 'profile'>,
) {
  const everywhere = query.institutionCode === undefined && mayActEverywhere(actor);
  const institutionCode = everywhere ? undefined : actingInstitution(actor, query.institutionCode, 'query.institutionCode');
  if (institutionCode === null) throw new PolicyRefusal('no_scope');
  const page = await deps.messages.list({ institutionCode, limit: query.limit, cursor: query.cursor });
  return {
    items: page.items.filter((m) => mayOpen(actor, m)).map((m) => messageSummary(m, deps.profile)),
    nextCursor: page.nextCursor,
  };
}

export async function getMessage(actor: Actor, messageId: string, deps: MessageDeps) {
  return messageView(await messageFor(actor, messageId, deps), deps.profile);
}

/** What one recipient gets: the email's subject and body, and the SMS with its exact size. */
function rendered(m: Message, r: Recipient, defaultLocale: Locale) {
  const fill = (texts: LocalizedText) => renderText(textFor(texts, r.locale, defaultLocale), r.fields);
  const sms = m.content.sms ? fill(m.content.sms) : null;
  return {
    subject: fill(m.content.subject),
    body: fill(m.content.body),
    sms: sms === null ? null : { text: sms, ...smsSegments(sms) },
  };
}

/**
 * The message as a real recipient gets it: the named member (who must be in the selection), or
 * the selection's first recipient. Reads only what it needs.
 */
export async function previewMessage(actor: Actor, messageId: string, memberId: string | undefined, deps: MessageDeps) {
  const message = await messageFor(actor, messageId, deps);
  let found: Recipient | undefined;
  for await (const r of recipientsOf(message.selection, deps.sources)) {
    if (!memberId || r.memberId === memberId) {
      found = r;
      break;
    }
  }
  if (!found) {
    throw new ValidationError([
      memberId
        ? { field: 'query.memberId', code: 'member_not_selected', message: 'This member is not among the message’s recipients' }
        : { field: 'messageId', code: 'selection_empty', message: 'Nobody is in this selection any more' },
    ]);
  }
  return {
    recipient: {
      key: found.key,
      memberId: found.memberId,
      institutionCode: found.institutionCode,
      locale: found.locale,
      email: found.email,
    },
    ...rendered(message, found, deps.profile.defaultLocale),
  };
}

/**
 * Sends a draft now or at `sendAt`: scheduled for the `send-messages` schedule, or — over the
 * profile's threshold — waiting for a second operator's approval first.
 */
export async function sendMessage(
  actor: Actor,
  messageId: string,
  input: { sendAt?: string | undefined },
  requestId: string,
  deps: MessageDeps,
) {
  const message = await messageFor(actor, messageId, deps);
  const now = deps.clock.now();
  const sendAt = input.sendAt ? new Date(input.sendAt) : now;
  if (sendAt.getTime() < now.getTime() - 60_000) {
    throw new ValidationError([{ field: 'body.sendAt', code: 'send_at_past', message: 'sendAt is in the past' }]);
  }
  const needsApproval = message.recipients > deps.profile.messageApprovalThreshold;
  const to = needsApproval ? 'awaiting-approval' : 'scheduled';
  const set = { sentBy: actor.sub, sendAt: sendAt.toISOString() };
  if (!(await deps.messages.move(message, ['draft'], to, set))) {
    throw new ConflictError('Only a draft can be sent', 'message_not_draft');
  }
  await audit(deps, message, {
    actor: actor.sub,
    role: roleOf(actor),
    action: 'message.send-requested',
    requestId,
    details: { sendAt: set.sendAt, recipients: message.recipients, needsApproval },
  });
  return messageView({ ...message, ...set, state: to }, deps.profile);
}

const notAwaitingApproval = () => new ConflictError('This message is not waiting for approval', 'message_not_awaiting_approval');

/** A second operator — not the one who wrote or sent it — approves a message over the threshold. */
export async function approveMessage(actor: Actor, messageId: string, requestId: string, deps: MessageDeps) {
  const message = await messageFor(actor, messageId, deps);
  if (message.state !== 'awaiting-approval') throw notAwaitingApproval();
  if (actor.sub === message.createdBy || actor.sub === message.sentBy) {
    throw new ForbiddenError('A message over the threshold needs a second operator: not the one who wrote or sent it', 'same_person');
  }
  if (!(await deps.messages.move(message, ['awaiting-approval'], 'scheduled', { approvedBy: actor.sub }))) throw notAwaitingApproval();
  await audit(deps, message, {
    actor: actor.sub,
    role: 'operator',
    action: 'message.approved',
    requestId,
    details: { recipients: message.recipients },
  });
  return messageView({ ...message, state: 'scheduled', approvedBy: actor.sub }, deps.profile);
}

/** Cancels a message before its sending begins. */
export async function cancelMessage(actor: Actor, messageId: string, requestId: string, deps: MessageDeps) {
  const message = await messageFor(actor, messageId, deps);
  const cancelledAt = deps.clock.now().toISOString();
  if (!(await deps.messages.move(message, ['draft', 'awaiting-approval', 'scheduled'], 'cancelled', { cancelledAt }))) {
    throw new ConflictError('Only a message whose sending has not begun can be cancelled', 'message_not_cancellable');
  }
  await audit(deps, message, {
    actor: actor.sub,
    role: roleOf(actor),
    action: 'message.cancelled',
    requestId,
    details: { from: message.state },
  });
  return messageView({ ...message, state: 'cancelled', cancelledAt }, deps.profile);
}

/** The SMS of one member of a message, on the provision queue (the queue that already paces SNS). */
export interface MessageSmsRequest {
  kind: 'message-sms';
  messageId: string;
  memberId: string;
}

export interface FanOutDeps extends Omit<MessageDeps, 'institutions' | 'newId'> {
  enqueueEmails(messages: EmailMessage[]): Promise<void>;
  enqueueSms(requests: MessageSmsRequest[]): Promise<void>;
  requestId: string;
}

const BATCH = 10;

/**
 * The `send-messages` schedule: every message due (scheduled, or a fan-out whose lease ran out)
 * is claimed and fanned out — one email per recipient with an address on the email queue (business
 * key per message and recipient, so the consumer sends each once however often it is queued), one
 * SMS request per member with a usable phone on the provision queue. The queues' consumers pace
 * SES and SNS. Audited with the counts.
 */
export async function sendDueMessages(deps: FanOutDeps) {
  const now = deps.clock.now();
  const done: Array<{ messageId: string; queued: number; smsQueued: number; noChannel: number }> = [];
  for (const due of await deps.messages.due(now.toISOString())) {
    const claimedAt = now.toISOString();
    if (due.state === 'scheduled') {
      if (!(await deps.messages.move(due, ['scheduled'], 'sending', { claimedAt }))) continue;
    } else if (due.state === 'sending') {
      const lease = due.claimedAt ? new Date(due.claimedAt).getTime() + FANOUT_LEASE_MS : 0;
      if (lease > now.getTime() || !(await deps.messages.reclaim(due, claimedAt))) continue;
    } else continue;
    const message: Message = { ...due, state: 'sending', claimedAt };
    const counts = { queued: 0, smsQueued: 0, noChannel: 0 };
    let emails: EmailMessage[] = [];
    let sms: MessageSmsRequest[] = [];
    for await (const r of recipientsOf(message.selection, deps.sources)) {
      const text = rendered(message, r, deps.profile.defaultLocale);
      if (r.email) {
        emails.push({
          key: messageEmailKey(message.messageId, r.key),
          template: 'staff-message',
          locale: r.locale,
          to: r.email,
          ...(r.memberId && { memberId: r.memberId }),
          institutionCode: r.institutionCode,
          data: { subject: text.subject, body: text.body },
        });
        counts.queued++;
      }
      if (text.sms && r.phone && r.memberId) {
        sms.push({ kind: 'message-sms', messageId: message.messageId, memberId: r.memberId });
        counts.smsQueued++;
      }
      if (!r.email && !(text.sms && r.phone)) counts.noChannel++;
      if (emails.length >= BATCH) {
        await deps.enqueueEmails(emails);
        emails = [];
      }
      if (sms.length >= BATCH) {
        await deps.enqueueSms(sms);
        sms = [];
      }
    }
    if (emails.length) await deps.enqueueEmails(emails);
    if (sms.length) await deps.enqueueSms(sms);
    await deps.messages.setFanOutCounts(message.messageId, counts);
    await deps.messages.move(message, ['sending'], 'sent', { sentAt: deps.clock.now().toISOString() });
    await audit(deps, message, { actor: 'system', role: 'system', action: 'message.sent', requestId: deps.requestId, details: counts });
    done.push({ messageId: message.messageId, ...counts });
  }
  return { messages: done.length, done };
}

export interface MessageSmsDeps {
  messages: Pick<MessageStore, 'get' | 'claimSms' | 'releaseSms' | 'count'>;
  members: Pick<MemberStore, 'get'>;
  sms: SmsSender;
  failures: DeliveryFailureStore;
  profile: Pick<Profile, 'defaultLocale'>;
  clock: Clock;
}

/**
 * One member's SMS of a message (the provision consumer): claimed first, so a redelivered
 * request sends nothing more (at most once: a claim whose send failed for a reason that may pass
 * — throttling, an outage — is released for the retry). A number SNS refuses is recorded (the
 * member goes on the phone-update list) and counted as failed. The writes after a send that
 * cannot be undone wait out a short DynamoDB outage (`patiently`, shared/delivery/outage.ts):
 * given up on at once, the retry would find the claim and the failure would go unrecorded.
 * Unlike a launch step (shared/delivery/delivery-claims.ts) a claim left by a crash is not sent
 * again: a message to staff is never sent twice to one member, at the price of, rarely, none.
 */
export async function deliverMessageSms(request: MessageSmsRequest, deps: MessageSmsDeps): Promise<'sent' | 'refused' | 'skipped'> {
  const [message, member] = await Promise.all([deps.messages.get(request.messageId), deps.members.get(request.memberId)]);
  if (!message?.content.sms || message.state === 'cancelled' || !member) return 'skipped';
  if (!(await deps.messages.claimSms(message.messageId, member.memberId))) return 'skipped';
  const text = renderText(textFor(message.content.sms, member.locale, deps.profile.defaultLocale), {
    givenName: member.givenName,
    familyName: member.familyName,
    login: member.address,
    institutionCode: member.institutionCode,
  });
  try {
    await deps.sms.send(member.phone, text, member.institutionCode);
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) {
      await patiently(() => deps.messages.releaseSms(message.messageId, member.memberId));
      throw error;
    }
    const failure = { kind: 'sms-rejected' as const, subType: error.reason, at: deps.clock.now().toISOString() };
    await patiently(() => recordDeliveryFailure(deps.failures, member.memberId, failure));
    await deps.messages.count(message.messageId, 'smsFailed');
    return 'refused';
  }
  await deps.messages.count(message.messageId, 'smsSent');
  return 'sent';
}

/** The email consumer's outcome of a message's email, on its report (inside the idempotent send: counted once). */
export async function countMessageEmail(key: string, outcome: 'sent' | 'rejected', messages: Pick<MessageStore, 'count'>) {
  const of = messageOfKey(key);
  if (of) await messages.count(of.messageId, outcome);
}

/** A permanent bounce or a complaint of a message's email, on its report once per recipient (SES events may repeat). */
export async function countMessageEvent(event: SesEvent, messages: Pick<MessageStore, 'countOnce'>) {
  const tag = event.detail.mail.tags[KEY_TAG]?.[0];
  const of = tag ? messageOfKey(tag) : null;
  if (!of) return;
  const { eventType, bounce } = event.detail;
  if (eventType === 'Bounce' && bounce?.bounceType === 'Permanent') await messages.countOnce(of.messageId, 'bounced', of.recipientKey);
  else if (eventType === 'Complaint') await messages.countOnce(of.messageId, 'complained', of.recipientKey);
}
