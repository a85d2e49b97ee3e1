import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import { type Actor, assertInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, DomainError, NotFoundError, TooManyRequestsError, ValidationError } from '../errors';
import { triesLeftText } from '../i18n/plural';
import { smsText } from '../i18n/sms-texts';
import { type InstitutionRegistry, unregisteredInstitutionProblems } from '../institutions/institution';
import { logger, maskPhone } from '../logger';
import type { LotStore } from '../lots/lot-store';
import { enrolMember } from '../members/enrol-member';
import { importedFieldsHash } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { NationalIdHasher } from '../members/national-id-hash';
import { checkOtp, generateOtp, issueOtp, type OtpHasher } from '../otp/otp';
import type { OtpStore } from '../otp/otp-store';
import { admitPublicSms } from '../otp/public-sms';
import { CODE_SEND_LIMIT, type RateLimiter } from '../otp/rate-limit';
import type { Profile } from '../profiles';
import type { SmsSender } from '../sms/send-sms';
import { validateStaffRow } from '../staff';
import { type LateRequest, type LateRequestState, otpSubject } from './late-request';
import { issueStatusToken, type LateRequestStatusStore } from './late-request-status';
import type { LateRequestStore } from './late-request-store';

export interface LateRequestDeps {
  requests: LateRequestStore;
  otps: OtpStore;
  limiter: RateLimiter;
  /** `(kind, value) → key`: keyed hash, so counters name no phone or national ID. */
  rateKey(kind: string, value: string): string;
  hashOtp: OtpHasher;
  hashNationalId: NationalIdHasher;
  sms: SmsSender;
  members: Pick<MemberStore, 'get' | 'create' | 'claimAddress' | 'assignToLot'>;
  /** The registry: a request naming an unregistered institution is refused as an import row is. */
  institutions: InstitutionRegistry;
  lots: Pick<LotStore, 'nextScheduled' | 'get' | 'transition'>;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  /** The status tokens' keyed hashes (`late-request-status.ts`): issued when the phone is proven. */
  statusTokens: LateRequestStatusStore;
  newId?: () => string;
  newCode?: () => string;
  newToken?: () => string;
}

export interface LateRequestInput {
  givenName: string;
  familyName: string;
  nationalId: string;
  phone: string;
  institutionCode: string;
  category: string;
  oldAddress?: string;
  alternateEmail?: string;
  locale?: string;
}

/**
 * A lot launching within this margin may already be with the launcher (it runs every minute
 * and walks members in id order), so a late joiner goes to a later lot instead.
 */
export const LOT_JOIN_MARGIN_MS = 5 * 60_000;

/** The request as a school admin sees it: masked phone, last 3 ID characters. */
export function lateRequestView(r: LateRequest) {
  return {
    requestId: r.requestId,
    state: r.state,
    givenName: r.givenName,
    familyName: r.familyName,
    nationalIdLast3: r.nidLast3,
    phone: maskPhone(r.phone),
    institutionCode: r.institutionCode,
    category: r.category,
    oldAddress: r.oldAddress,
    alternateEmail: r.alternateEmail,
    locale: r.locale,
    proposedAddress: r.newAddress.base,
    createdAt: r.createdAt,
    verifiedAt: r.verifiedAt,
    decidedAt: r.decidedAt,
    reason: r.reason,
    lotId: r.lotId,
    ...(r.state === 'approved' && { memberId: r.memberId }),
  };
}

/**
 * Step 1 (public): checks the person's data with the import's own validators, passes the
 * public-SMS gate (the profile's countries; budgets per source IP, number range and deployment),
 * applies the per-phone and per-national-ID limits, and texts a code to the phone given. The
 * answer is the same whether or not the person is already a member, so the route tells nobody
 * who is on record.
 */
export async function startLateRequest(input: LateRequestInput, sourceIp: string, deps: LateRequestDeps) {
  const result = validateStaffRow({ ...input }, 0, deps.profile);
  const institutionCode = result.ok ? result.member.institutionCode : result.keys.institutionCode;
  const unknown = institutionCode ? await unregisteredInstitutionProblems([{ row: 0, institutionCode }], deps.institutions) : [];
  const problems = [...(result.ok ? [] : result.problems), ...unknown];
  if (!result.ok || problems.length > 0) {
    throw new ValidationError(problems.map((p) => ({ field: `body.${p.field}`, code: p.code, message: p.message })));
  }
  const row = result.member;
  const now = deps.clock.now();
  await admitPublicSms({ sourceIp, phone: { e164: row.phone, field: 'body.phone' } }, now, deps);
  const { hmac, memberId } = deps.hashNationalId(row.nationalId);
  if (
    !(await deps.limiter.hit(deps.rateKey('phone', row.phone), CODE_SEND_LIMIT, now)) ||
    !(await deps.limiter.hit(deps.rateKey('national-id', hmac), CODE_SEND_LIMIT, now))
  ) {
    throw new TooManyRequestsError('Too many codes were asked for this phone or person: try again later');
  }
  const request: LateRequest = {
    requestId: deps.newId?.() ?? randomUUID(),
    state: 'awaiting-code',
    memberId,
    nidHmac: hmac,
    nidLast3: row.nationalIdLast3,
    givenName: row.givenName,
    familyName: row.familyName,
    phone: row.phone,
    institutionCode: row.institutionCode,
    category: row.category,
    oldAddress: row.oldAddress,
    alternateEmail: row.alternateEmail,
    locale: row.locale,
    newAddress: row.newAddress,
    createdAt: now.toISOString(),
    verifiedAt: null,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    lotId: null,
  };
  await deps.requests.create(request, now);
  const { code, challenge } = issueOtp(otpSubject(request.requestId), deps.hashOtp, now, deps.newCode?.() ?? generateOtp());
  await deps.otps.put(otpSubject(request.requestId), challenge);
  await deps.sms.send(row.phone, smsText('activation-code', row.locale, { code }), row.institutionCode);
  return { requestId: request.requestId, state: request.state, phone: maskPhone(row.phone), codeExpiresAt: challenge.expiresAt };
}

async function load(requestId: string, requests: LateRequestStore): Promise<LateRequest> {
  const request = await requests.get(requestId);
  if (!request) throw new NotFoundError('The late request', 'late_request_not_found');
  return request;
}

/** The one answer to a proven request, member or not: nothing in it depends on who is on record. */
export const LATE_REQUEST_CONFIRMED =
  'Your phone is confirmed. Your school reviews the request; if these details already belong to a mailbox, its phone on record gets a text message instead.';

/**
 * Step 2 (public): the code proves the phone. Five tries, ten minutes; the fifth wrong code
 * locks the request. The answer is the same for everyone: proving one's own phone says nothing
 * about whether the national ID belongs to a member. A member gets, instead of a request for the
 * school admin, a text on the phone on record (which may not be the requester's) saying they are
 * already registered and whom to call.
 */
export async function verifyLateRequest(requestId: string, code: string, deps: LateRequestDeps) {
  const request = await load(requestId, deps.requests);
  if (request.state === 'locked') throw new TooManyRequestsError('Too many wrong codes: start a new request', 'too_many_attempts');
  if (request.state !== 'awaiting-code') throw new ConflictError('This request has already been confirmed', 'request_already_verified');
  const subject = otpSubject(requestId);
  const challenge = await deps.otps.countTry(subject);
  if (!challenge) throw new ConflictError('The code has expired: start a new request', 'code_expired');
  const check = checkOtp(challenge, subject, code, deps.hashOtp, deps.clock.now());
  if (!check.ok) {
    if (check.code === 'code_invalid') {
      throw new DomainError(400, 'code_invalid', `The code is not right (${triesLeftText(check.attemptsLeft)})`, 'body.code').withParams({
        triesLeft: check.attemptsLeft,
      });
    }
    if (check.code === 'code_expired') throw new ConflictError('The code has expired: start a new request', 'code_expired');
    await deps.requests.move(request, 'locked');
    await deps.otps.discard(subject);
    throw new TooManyRequestsError('Too many wrong codes: start a new request', 'too_many_attempts');
  }
  await deps.otps.discard(subject);
  const now = deps.clock.now();
  const verifiedAt = now.toISOString();
  const member = await deps.members.get(request.memberId);
  // Every proven request gets one, a member's details or not (the same answer): stored before the
  // move, so a confirmed request always has the token its answer names.
  const statusToken = await issueStatusToken(requestId, now, deps);
  if (!(await deps.requests.move(request, member ? 'duplicate' : 'awaiting-approval', { verifiedAt }))) {
    throw new ConflictError('This request has already been confirmed', 'request_already_verified');
  }
  if (member) {
    await deps.sms.send(
      member.phone,
      smsText('already-member', member.locale, { login: member.address, helpdeskPhone: deps.profile.helpdesk.phone }),
      member.institutionCode,
    );
  }
  return { requestId, state: 'confirmed' as const, message: LATE_REQUEST_CONFIRMED, statusToken };
}

export async function listLateRequests(
  institutionCode: string,
  query: { state: LateRequestState; limit: number; cursor?: string },
  actor: Actor,
  requests: LateRequestStore,
) {
  assertInstitution(actor, institutionCode);
  const page = await requests.list(institutionCode, query.state, query.limit, query.cursor);
  return { items: page.items.map(lateRequestView), nextCursor: page.nextCursor };
}

export interface Decision {
  decision: 'approve' | 'reject';
  reason?: string;
}

const notDecidable = (request: LateRequest) =>
  request.state === 'awaiting-code'
    ? new ConflictError('The request has not been confirmed with its code yet', 'request_not_verified')
    : new ConflictError('The request has already been decided', 'already_decided');

/**
 * Step 3 (school admin of the institution, or operator). Approving creates the member exactly as
 * an import does and puts them in the next lot that has not launched; with no such lot the
 * member waits in the pool (`lotId: null`) for the next lot created.
 */
export async function decideLateRequest(requestId: string, decision: Decision, actor: Actor, deps: LateRequestDeps, httpRequestId: string) {
  const request = await load(requestId, deps.requests);
  assertInstitution(actor, request.institutionCode);
  const now = deps.clock.now();
  const audit = (action: string, target: string, details: Record<string, string | boolean>) =>
    deps.audit.record({
      actor: actor.sub,
      role: actor.roles.includes('operator') ? 'operator' : 'school-admin',
      action,
      target,
      institution: request.institutionCode,
      at: now,
      requestId: httpRequestId,
      outcome: 'success',
      details,
    });
  const decided = { decidedAt: now.toISOString(), decidedBy: actor.sub };

  if (decision.decision === 'reject') {
    if (!(await deps.requests.move(request, 'rejected', { ...decided, reason: decision.reason ?? null }))) throw notDecidable(request);
    // The reason is free text (it may name the person): it stays on the request, not in the audit.
    await audit('late-request.rejected', requestId, { lateRequestId: requestId, withReason: Boolean(decision.reason) });
    await tellDecision(request, smsText('late-request-rejected', request.locale, {}), deps);
    return lateRequestView({ ...request, ...decided, state: 'rejected', reason: decision.reason ?? null });
  }

  if (request.state !== 'awaiting-approval' && request.state !== 'approving') throw notDecidable(request);
  const source = `late-request:${requestId}`;
  const existing = await deps.members.get(request.memberId);
  if (existing && existing.importJobId !== source) {
    throw new ConflictError('This person is already a member (imported after the request was made)', 'already_member');
  }
  // Claimed first, so a concurrent reject cannot land half-way through.
  if (!(await deps.requests.move(request, 'approving', decided))) throw notDecidable(request);
  const claimed: LateRequest = { ...request, ...decided, state: 'approving' };

  const fields = {
    givenName: request.givenName,
    familyName: request.familyName,
    phone: request.phone,
    institutionCode: request.institutionCode,
    category: request.category,
    oldAddress: request.oldAddress,
    alternateEmail: request.alternateEmail,
    locale: request.locale,
  };
  const enrolled = await enrolMember(
    {
      memberId: request.memberId,
      nidHmac: request.nidHmac,
      nidLast3: request.nidLast3,
      fields,
      newAddress: request.newAddress,
      rowHash: importedFieldsHash(fields),
      importJobId: source,
      at: now.toISOString(),
    },
    deps.members,
  );
  if (enrolled.kind === 'address_taken') {
    await deps.requests.move(claimed, 'awaiting-approval', { decidedAt: null, decidedBy: null });
    throw new ConflictError('The new address for this old address belongs to another member', 'address_taken', 'oldAddress');
  }
  if (enrolled.kind === 'created') await audit('member.created', request.memberId, { lateRequestId: requestId });
  const member = await deps.members.get(request.memberId);
  if (!member || member.importJobId !== source) {
    await deps.requests.move(claimed, 'awaiting-approval', { decidedAt: null, decidedBy: null });
    throw new ConflictError('This person is already a member (imported after the request was made)', 'already_member');
  }

  let lotId = member.lotId ?? null;
  if (!lotId) {
    const lot = await deps.lots.nextScheduled(new Date(now.getTime() + LOT_JOIN_MARGIN_MS).toISOString());
    if (lot && (await deps.members.assignToLot(member.memberId, lot.lotId))) {
      lotId = lot.lotId;
      // The lot's member count, shown on the lot (read-modify-write: see the README's known gaps).
      const fresh = await deps.lots.get(lot.lotId);
      if (fresh) await deps.lots.transition(lot.lotId, ['scheduled'], 'scheduled', { memberCount: fresh.memberCount + 1 });
    }
  }
  if (!(await deps.requests.move(claimed, 'approved', { lotId, address: member.address }))) throw notDecidable(claimed);
  await audit('late-request.approved', requestId, { lateRequestId: requestId, memberId: member.memberId, lotId: lotId ?? 'none' });
  await tellDecision(request, smsText('late-request-approved', request.locale, { login: member.address }), deps);
  return { ...lateRequestView({ ...claimed, state: 'approved', lotId }), address: member.address };
}

/**
 * The applicant learns the decision by SMS, in their language, on the phone the request proved.
 * The decision is recorded already: an SMS that cannot go is logged, never a failed decision.
 */
async function tellDecision(request: LateRequest, text: string, deps: Pick<LateRequestDeps, 'sms'>) {
  try {
    await deps.sms.send(request.phone, text, request.institutionCode);
  } catch (error) {
    logger.warn('late-request decision SMS not sent', { requestId: request.requestId, error: (error as Error).name });
  }
}
