import type { AuditLog } from '../audit/audit-log';
import { type Actor, assertInstitution } from '../auth/scope';
import { assertPhoneSettled } from '../credentials/channel-change';
import { type CredentialDeps, issueTemporaryPassword } from '../credentials/issue-temporary-password';
import { deadlineKeys, nextDeadline } from '../deadlines/next-deadline';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../errors';
import type { Directory } from '../identity/cognito-directory';
import type { InstitutionRegistry } from '../institutions/institution';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { progressScopeOf } from '../members/state-counter';
import type { Profile } from '../profiles';
import { canBeResponsible, type InstitutionMailbox, mailboxView, newMailbox, withHolder } from './institution-mailbox';
import type { InstitutionMailboxStore } from './institution-mailbox-store';
import { newMailboxId } from './mailbox-id';

export interface MailboxReadDeps {
  mailboxes: InstitutionMailboxStore;
  members: Pick<MemberStore, 'get' | 'getMany'>;
  profile: Profile;
}

export interface MailboxDeps extends MailboxReadDeps, CredentialDeps {
  members: Pick<MemberStore, 'get' | 'getMany' | 'advance' | 'addressOwners'>;
  profile: Profile;
  directory: Pick<Directory, 'createUser' | 'setTemporaryPassword'>;
  registry: InstitutionRegistry;
  audit: AuditLog;
  newId?: () => string;
}

export interface RegisterMailbox {
  address: string;
  institutionCode: string;
  name: string;
  responsibleMemberId: string;
}

const RESPONSIBLE_NOT_MEMBER = 'responsible_not_member';

/** The one answer for an unknown person and another institution's: it tells nobody who is on whose staff. */
export const responsibleProblem = (field: string): FieldProblem => ({
  field,
  code: RESPONSIBLE_NOT_MEMBER,
  message: 'The responsible person must be a staff member of the mailbox’s institution with a mobile phone on record',
});

/**
 * Everything wrong with a registration, all at once, before anything is written: the address on
 * the profile's mail domain, the institution registered, the responsible person one of its staff.
 */
async function registrationProblems(
  body: RegisterMailbox,
  address: string,
  person: Member | null,
  deps: MailboxDeps,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (address.split('@')[1] !== deps.profile.newMailDomain) {
    problems.push({
      field: 'body.address',
      code: 'address_domain',
      message: `An institution mailbox is an address of ${deps.profile.newMailDomain}`,
    });
  }
  if (!(await deps.registry.known([body.institutionCode])).has(body.institutionCode)) {
    problems.push({ field: 'body.institutionCode', code: 'institution_unknown', message: 'No institution with this code is registered' });
  }
  if (!canBeResponsible(person, body.institutionCode)) {
    problems.push(responsibleProblem('body.responsibleMemberId'));
  }
  return problems;
}

/**
 * A registration the same caller's earlier attempt left unfinished (the account or the password
 * step failed): the same address, institution and responsible person, not yet `notified`.
 */
async function unfinished(address: string, body: RegisterMailbox, deps: Pick<MailboxDeps, 'mailboxes' | 'members'>) {
  const owner = (await deps.members.addressOwners([address])).get(address);
  const found = owner ? await deps.mailboxes.get(owner) : null;
  const same =
    found &&
    found.institutionCode === body.institutionCode &&
    found.responsibleMemberId === body.responsibleMemberId &&
    (found.state === 'pending' || found.state === 'account-created');
  return same ? found : null;
}

const addressTaken = () => new ConflictError('This address is already in use', 'address_taken', 'body.address');

/**
 * An operator or the institution's officer registers an institution mailbox. Its Cognito account is
 * created (in no group: it is nobody's) and its first temporary password goes by SMS to the
 * responsible person through the one credential path — as a member's does at launch — so the
 * temporary-password deadline, then the profile's rotation, apply from here. Each step is a
 * conditional state move (`pending → account-created → notified`); a repeated registration with the
 * same data finishes one that stopped half-way, and an address whose Cognito account Posta did not
 * make here is refused (`address_taken`), never taken over.
 */
export async function registerInstitutionMailbox(body: RegisterMailbox, actor: Actor, deps: MailboxDeps, requestId: string) {
  assertInstitution(actor, body.institutionCode);
  const address = body.address.trim().toLowerCase();
  const person = await deps.members.get(body.responsibleMemberId);
  const problems = await registrationProblems(body, address, person, deps);
  if (problems.length || !person) throw new ValidationError(problems);
  // A person whose phone HR changed recently gets no password yet (409 `channel_recently_changed`), before anything is written.
  assertPhoneSettled(person, deps.clock.now(), deps.profile);

  const at = deps.clock.now().toISOString();
  let mailbox: InstitutionMailbox = newMailbox({
    mailboxId: deps.newId?.() ?? newMailboxId(),
    address,
    institutionCode: body.institutionCode,
    name: body.name,
    responsibleMemberId: body.responsibleMemberId,
    registeredBy: actor.sub,
    locale: deps.profile.defaultLocale,
    at,
  });
  if (!(await deps.mailboxes.create(mailbox))) {
    const resumed = await unfinished(address, body, deps);
    if (!resumed) throw addressTaken();
    mailbox = resumed;
  }

  if (mailbox.state === 'pending') {
    // No phone_number: Cognito's self-service reset has no channel; the way back is a signed form.
    const outcome = await deps.directory.createUser(address, { given_name: body.name, locale: mailbox.locale }, { staff: false });
    if (outcome === 'existed') {
      await deps.mailboxes.discard(mailbox);
      throw addressTaken();
    }
    const created = { state: 'account-created' as const, accountCreatedAt: deps.clock.now().toISOString() };
    if (!(await deps.members.advance(mailbox.memberId, ['pending'], created))) throw concurrent();
    mailbox = { ...mailbox, ...created };
  }

  const holder = await withHolder(mailbox, deps.members);
  const { setAt: temporaryPasswordSetAt, smsRejected } = await issueTemporaryPassword(holder, deps);
  const issued = { ...mailbox, state: 'notified' as const, temporaryPasswordSetAt };
  const moved = await deps.members.advance(
    mailbox.memberId,
    ['account-created'],
    {
      state: 'notified',
      temporaryPasswordSetAt,
      updatedAt: temporaryPasswordSetAt,
      ...deadlineKeys(mailbox.memberId, nextDeadline(issued, deps.profile)),
    },
    { scope: progressScopeOf(mailbox), delta: { notified: 1 } },
  );
  if (!moved) throw concurrent();

  await deps.audit.record({
    actor: actor.sub,
    role: actor.roles.join(','),
    action: 'institution-mailbox.registered',
    target: mailbox.memberId,
    institution: mailbox.institutionCode,
    at: new Date(temporaryPasswordSetAt),
    requestId,
    outcome: 'success',
    details: { address, responsibleMemberId: mailbox.responsibleMemberId, smsDelivered: !smsRejected, account: 'institution-mailbox' },
  });
  const responsible = await deps.members.get(mailbox.responsibleMemberId);
  return { ...mailboxView(issued, responsible, deps.profile), smsDelivered: !smsRejected };
}

const concurrent = () => new ConflictError('This mailbox is being registered by another request', 'concurrent_change');

async function load(mailboxId: string, mailboxes: InstitutionMailboxStore): Promise<InstitutionMailbox> {
  const mailbox = await mailboxes.get(mailboxId);
  if (!mailbox) throw new NotFoundError('The institution mailbox', 'institution_mailbox_not_found');
  return mailbox;
}

/** One mailbox: its institution's officers, approvers and school admins, or an operator. */
export async function getInstitutionMailbox(mailboxId: string, actor: Actor, deps: MailboxReadDeps) {
  const mailbox = await load(mailboxId, deps.mailboxes);
  assertInstitution(actor, mailbox.institutionCode);
  return mailboxView(mailbox, await deps.members.get(mailbox.responsibleMemberId), deps.profile);
}

/** An institution's mailboxes by address, a page at a time (one query of its gsi1 partition, never a scan). */
export async function listInstitutionMailboxes(
  institutionCode: string,
  query: { limit: number; cursor?: string },
  actor: Actor,
  deps: MailboxReadDeps,
) {
  assertInstitution(actor, institutionCode);
  const page = await deps.mailboxes.list(institutionCode, query.limit, query.cursor);
  const people = await deps.members.getMany([...new Set(page.items.map((m) => m.responsibleMemberId))]);
  return {
    items: page.items.map((m) => mailboxView(m, people.get(m.responsibleMemberId) ?? null, deps.profile)),
    nextCursor: page.nextCursor,
  };
}
