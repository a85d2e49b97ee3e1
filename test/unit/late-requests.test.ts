import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor } from '../../shared/auth/scope';
import type { Clock } from '../../shared/clock';
import { canMove, type LateRequest, type LateRequestState, statesBefore } from '../../shared/late-requests/late-request';
import {
  type LateRequestStatusDeps,
  lateRequestStatus,
  STATUS_LOOKUP_LIMIT,
  type StatusToken,
} from '../../shared/late-requests/late-request-status';
import type { LateRequestStore } from '../../shared/late-requests/late-request-store';
import {
  decideLateRequest,
  LATE_REQUEST_CONFIRMED,
  type LateRequestDeps,
  startLateRequest,
  verifyLateRequest,
} from '../../shared/late-requests/late-request-use-cases';
import type { Lot } from '../../shared/lots/lot';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { type OtpChallenge, otpHasher } from '../../shared/otp/otp';
import type { OtpStore } from '../../shared/otp/otp-store';
import { rateKeyHasher } from '../../shared/otp/rate-limit';
import { loadProfile } from '../../shared/profiles';
import { actorOf, held } from '../helpers/actors';
import { memoryLimiter } from '../helpers/memory-limiter';
import { italianRow } from '../helpers/staff-fixtures';

const SECRET = 'k'.repeat(32);
const IP = '198.51.100.1';

/** In-memory stores with the DynamoDB stores' conditions (state moves, try counting, limits). */
function world() {
  let now = new Date('2027-03-01T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const requests = new Map<string, LateRequest>();
  const otps = new Map<string, OtpChallenge>();
  const { limiter, exhaust } = memoryLimiter();
  const members = new Map<string, Member>();
  const addresses = new Map<string, string>();
  const sms: { phone: string; text: string }[] = [];
  const audits: AuditEntry[] = [];
  const lots: Lot[] = [];
  const tokens = new Map<string, { token: StatusToken; expiresAt: Date }>();
  const requestStore: LateRequestStore = {
    create: async (r) => void requests.set(r.requestId, structuredClone(r)),
    get: async (id) => structuredClone(requests.get(id) ?? null),
    async move(r, to, set = {}) {
      const current = requests.get(r.requestId);
      if (!current || !statesBefore(to).includes(current.state)) return false;
      Object.assign(current, set, { state: to });
      return true;
    },
    list: async () => ({ items: [], nextCursor: null }),
  };
  const otpStore: OtpStore = {
    put: async (s, c) => void otps.set(s, { ...c }),
    async countTry(s) {
      const c = otps.get(s);
      if (!c) return null;
      if (c.attempts < c.maxAttempts) c.attempts++;
      else return { ...c, attempts: c.maxAttempts + 1 };
      return { ...c };
    },
    discard: async (s) => void otps.delete(s),
  };
  let n = 0;
  const deps: LateRequestDeps = {
    requests: requestStore,
    otps: otpStore,
    limiter,
    rateKey: rateKeyHasher(SECRET),
    hashOtp: otpHasher(SECRET),
    hashNationalId: nationalIdHasher(SECRET),
    sms: { send: async (phone, text) => String(sms.push({ phone, text })) },
    members: {
      get: async (id) => structuredClone(members.get(id) ?? null),
      async create(m) {
        if (members.has(m.memberId)) return false;
        members.set(m.memberId, structuredClone(m));
        return true;
      },
      async claimAddress(address, memberId) {
        const owner = addresses.get(address);
        if (owner && owner !== memberId) return false;
        addresses.set(address, memberId);
        return true;
      },
      async assignToLot(memberId, lotId) {
        const m = members.get(memberId);
        if (!m || m.lotId || m.state !== 'pending') return false;
        m.lotId = lotId;
        return true;
      },
    },
    // Every institution is registered but UNREG001 (the registry's own tests are in institutions.test.ts).
    institutions: { known: async (codes) => new Set(codes.filter((c) => c !== 'UNREG001')) },
    lots: {
      nextScheduled: async (after) =>
        lots.filter((l) => l.state === 'scheduled' && l.launchAt > after).sort((a, b) => a.launchAt.localeCompare(b.launchAt))[0] ?? null,
      get: async (id) => lots.find((l) => l.lotId === id) ?? null,
      async transition(id, from, to, set = {}) {
        const lot = lots.find((l) => l.lotId === id);
        if (!lot || !from.includes(lot.state)) return false;
        Object.assign(lot, set, { state: to });
        return true;
      },
    },
    audit: { record: async (e) => void audits.push(e) },
    profile: loadProfile('it-miur'),
    clock,
    statusTokens: {
      async put(token, expiresAt) {
        if (tokens.has(token.tokenKey)) throw new Error('condition: the token item exists');
        tokens.set(token.tokenKey, { token: { ...token }, expiresAt });
      },
      get: async (key) => structuredClone(tokens.get(key) ?? null),
    },
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
  const lastCode = () => /(\d{6})$/.exec(sms.at(-1)?.text ?? '')?.[1] ?? '';
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const statusDeps: LateRequestStatusDeps = { ...deps, statusTokens: deps.statusTokens };
  return { deps, statusDeps, requests, otps, members, sms, audits, lots, tokens, lastCode, advance, exhaust };
}

const person = (i = 1, institutionCode = 'DEMO001') => {
  const { alternateEmail: _a, ...row } = italianRow(i, institutionCode);
  return row;
};
// Listing and deciding admit the same roles: one action serves both use cases.
const admin = (institution: string): Actor =>
  actorOf('decideLateRequest', [held('school-admin', institution)], { sub: `admin-${institution}`, login: 'a' });

describe('late request state machine', () => {
  it('allows only the documented moves', () => {
    const allowed: [LateRequestState, LateRequestState][] = [
      ['awaiting-code', 'awaiting-approval'],
      ['awaiting-code', 'locked'],
      ['awaiting-code', 'duplicate'],
      ['awaiting-approval', 'approving'],
      ['awaiting-approval', 'rejected'],
      ['approving', 'approved'],
      ['approving', 'awaiting-approval'],
    ];
    for (const [from, to] of allowed) expect(canMove(from, to), `${from} → ${to}`).toBe(true);
    for (const [from, to] of [
      ['awaiting-code', 'approving'],
      ['approved', 'rejected'],
      ['rejected', 'approving'],
      ['locked', 'awaiting-approval'],
      ['approving', 'rejected'],
    ] as [LateRequestState, LateRequestState][]) {
      expect(canMove(from, to), `${from} → ${to}`).toBe(false);
    }
    expect(statesBefore('approved')).toEqual(['approving']);
    expect(statesBefore('rejected')).toEqual(['awaiting-approval']);
  });
});

describe('late requests', () => {
  it('validates with the import rules, field by field', async () => {
    const { deps, sms } = world();
    const bad = { ...person(), nationalId: 'RSSMRA80A01H501X', phone: '+390612345678' };
    await expect(startLateRequest(bad, IP, deps)).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'body.nationalId', code: expect.stringMatching(/^nid_|codice|checksum|check/) },
        { field: 'body.phone', code: 'phone_not_mobile' },
      ],
    });
    expect(sms).toHaveLength(0);
  });

  it('refuses an unregistered institution as the import does (institution_unknown), with the row’s other problems, and texts nothing', async () => {
    const { deps, sms } = world();
    await expect(startLateRequest({ ...person(), institutionCode: 'UNREG001', phone: '+390612345678' }, IP, deps)).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'body.phone', code: 'phone_not_mobile' },
        { field: 'body.institutionCode', code: 'institution_unknown' },
      ],
    });
    expect(sms).toHaveLength(0);
  });

  it('texts a code that is stored only as a hash, and answers the same for members and strangers', async () => {
    const { deps, sms, otps, requests, members, lastCode } = world();
    const a = await startLateRequest(person(1), IP, deps);
    const code = lastCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(sms[0]?.phone).toBe(person(1).phone);
    expect(JSON.stringify([...otps.values(), ...requests.values(), a])).not.toContain(code);
    expect(JSON.stringify([...requests.values()])).not.toContain(person(1).nationalId);
    expect(a).toEqual({
      requestId: expect.any(String),
      state: 'awaiting-code',
      phone: '+39*******001',
      codeExpiresAt: '2027-03-01T09:10:00.000Z',
    });

    // Already a member: same shape of answer, a code is sent all the same.
    const id = deps.hashNationalId(person(2).nationalId);
    const onRecord = {
      memberId: id.memberId,
      phone: '+393479999999',
      locale: 'it',
      address: 'm.r@posta.istruzione.it',
      institutionCode: 'DEMO001',
    };
    members.set(id.memberId, onRecord as Member);
    const stranger = { ...person(2), phone: person(3).phone };
    const b = await startLateRequest(stranger, IP, deps);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(sms).toHaveLength(2);
    expect(sms[1]?.phone).toBe(person(3).phone);
    // Proving one's own phone tells nothing either: the answers are equal but for the id, and the
    // member hears of it on the phone on record; the school admin gets no request.
    const verifiedA = await verifyLateRequest(a.requestId, code, deps);
    const verifiedB = await verifyLateRequest(b.requestId, lastCode(), deps);
    expect({ ...verifiedB, requestId: 'x', statusToken: 't' }).toEqual({ ...verifiedA, requestId: 'x', statusToken: 't' });
    expect(verifiedA).toEqual({
      requestId: a.requestId,
      state: 'confirmed',
      message: LATE_REQUEST_CONFIRMED,
      statusToken: expect.any(String),
    });
    expect(sms[2]).toEqual({ phone: onRecord.phone, text: expect.stringContaining(onRecord.address) });
    expect(sms).toHaveLength(3);
    expect(requests.get(b.requestId)?.state).toBe('duplicate');
    expect(requests.get(a.requestId)?.state).toBe('awaiting-approval');
  });

  it('passes the public-SMS gate first: the profile’s countries, then budgets per source, number range and deployment', async () => {
    const { deps, sms, exhaust } = world();
    await expect(startLateRequest({ ...person(1), phone: '+41791234567' }, IP, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'body.phone', code: 'phone_country_not_allowed', message: 'Codes are sent only to mobile numbers of IT (+39)' }],
    });
    // 20 codes to one block of 10,000 numbers, from 20 networks: the 21st is refused.
    for (let i = 0; i < 20; i++) await startLateRequest(person(10 + i), `203.0.113.${i}`, deps);
    await expect(startLateRequest(person(40), '203.0.113.99', deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_requests_for_number_range',
    });
    // 60 from one network (each number in a block of its own): the 61st is refused.
    for (let i = 0; i < 60; i++) await startLateRequest(person(100_000 + i * 10_000), '192.0.2.7', deps);
    await expect(startLateRequest(person(900_000), '192.0.2.7', deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_requests_from_network',
    });
    // The deployment's ceiling (it-miur: 2,000 an hour), whoever asks.
    exhaust('sms-global');
    await expect(startLateRequest(person(910_000), '192.0.2.8', deps)).rejects.toMatchObject({ status: 429, code: 'sms_budget_exhausted' });
    expect(sms).toHaveLength(80);
  });

  it('limits codes to 3 an hour per phone and per national ID', async () => {
    const { deps } = world();
    for (let i = 0; i < 3; i++) await startLateRequest(person(1), IP, deps);
    await expect(startLateRequest(person(1), IP, deps)).rejects.toMatchObject({ status: 429, code: 'too_many_requests' });
    // Same person, another phone: still the national-ID limit.
    await expect(startLateRequest({ ...person(1), phone: person(9).phone }, IP, deps)).rejects.toMatchObject({ status: 429 });
  });

  it('wrong codes count down; the fifth locks the request; expired codes are refused', async () => {
    const { deps, requests, lastCode, advance } = world();
    const { requestId } = await startLateRequest(person(1), IP, deps);
    const right = lastCode();
    const wrong = right === '000000' ? '000001' : '000000';
    for (const left of [4, 3, 2, 1]) {
      await expect(verifyLateRequest(requestId, wrong, deps)).rejects.toMatchObject({
        status: 400,
        code: 'code_invalid',
        message: expect.stringContaining(left === 1 ? '1 try left' : `${left} tries left`),
      });
    }
    await expect(verifyLateRequest(requestId, wrong, deps)).rejects.toMatchObject({ status: 429, code: 'too_many_attempts' });
    await expect(verifyLateRequest(requestId, right, deps)).rejects.toMatchObject({ status: 429, code: 'too_many_attempts' });
    expect(requests.get(requestId)?.state).toBe('locked');

    const late = await startLateRequest(person(2), IP, deps);
    advance(600);
    await expect(verifyLateRequest(late.requestId, lastCode(), deps)).rejects.toMatchObject({ status: 409, code: 'code_expired' });
  });

  it('approval creates the member as an import would and puts them in the next scheduled lot; twice is 409', async () => {
    const { deps, members, lots, audits, lastCode, requests } = world();
    const { requestId } = await startLateRequest(person(1), IP, deps);
    await expect(decideLateRequest(requestId, { decision: 'approve' }, admin('DEMO001'), deps, 'h')).rejects.toMatchObject({
      code: 'request_not_verified',
    });
    await verifyLateRequest(requestId, lastCode(), deps);
    await expect(verifyLateRequest(requestId, lastCode(), deps)).rejects.toMatchObject({ status: 409 });
    lots.push(
      { lotId: 'far', state: 'scheduled', launchAt: '2027-04-01T08:00:00.000Z', memberCount: 3 } as Lot,
      { lotId: 'soon', state: 'scheduled', launchAt: '2027-03-02T08:00:00.000Z', memberCount: 7 } as Lot,
      { lotId: 'now', state: 'scheduled', launchAt: '2027-03-01T09:01:00.000Z', memberCount: 1 } as Lot,
    );
    await expect(decideLateRequest(requestId, { decision: 'approve' }, admin('OTHER01'), deps, 'h')).rejects.toMatchObject({ status: 403 });
    const approved = await decideLateRequest(requestId, { decision: 'approve' }, admin('DEMO001'), deps, 'h');
    expect(approved).toMatchObject({ state: 'approved', lotId: 'soon', address: person(1).oldAddress.replace('@', '@posta.') });
    const member = members.get(deps.hashNationalId(person(1).nationalId).memberId);
    expect(member).toMatchObject({
      state: 'pending',
      lotId: 'soon',
      nidLast3: person(1).nationalId.slice(-3),
      importJobId: `late-request:${requestId}`,
    });
    expect(lots.find((l) => l.lotId === 'soon')?.memberCount).toBe(8);
    expect(audits.map((a) => a.action)).toEqual(['member.created', 'late-request.approved']);
    expect(JSON.stringify(audits)).not.toMatch(new RegExp(`${person(1).nationalId}|${person(1).phone.slice(1)}|${person(1).familyName}`));
    for (const d of ['approve', 'reject'] as const) {
      await expect(decideLateRequest(requestId, { decision: d }, admin('DEMO001'), deps, 'h')).rejects.toMatchObject({
        status: 409,
        code: 'already_decided',
      });
    }
    expect(requests.get(requestId)?.state).toBe('approved');
  });

  it('with no scheduled lot the approved member waits in the pool; a reject keeps its reason out of the audit', async () => {
    const { deps, members, audits, lastCode } = world();
    const a = await startLateRequest(person(1), IP, deps);
    await verifyLateRequest(a.requestId, lastCode(), deps);
    const b = await startLateRequest(person(2), IP, deps);
    await verifyLateRequest(b.requestId, lastCode(), deps);
    expect(await decideLateRequest(a.requestId, { decision: 'approve' }, admin('DEMO001'), deps, 'h')).toMatchObject({ lotId: null });
    expect(members.get(deps.hashNationalId(person(1).nationalId).memberId)?.lotId).toBeUndefined();
    const rejected = await decideLateRequest(
      b.requestId,
      { decision: 'reject', reason: 'Mario Rossi left in 2026' },
      admin('DEMO001'),
      deps,
      'h',
    );
    expect(rejected).toMatchObject({ state: 'rejected', reason: 'Mario Rossi left in 2026' });
    expect(members.has(deps.hashNationalId(person(2).nationalId).memberId)).toBe(false);
    expect(JSON.stringify(audits)).not.toContain('Rossi');
  });

  it('the applicant is told the decision by SMS, in their language, on the phone the request proved', async () => {
    const { deps, sms, lastCode } = world();
    const a = await startLateRequest(person(1), IP, deps);
    await verifyLateRequest(a.requestId, lastCode(), deps);
    const b = await startLateRequest(person(2), IP, deps);
    await verifyLateRequest(b.requestId, lastCode(), deps);
    const before = sms.length;
    const approved = await decideLateRequest(a.requestId, { decision: 'approve' }, admin('DEMO001'), deps, 'h');
    await decideLateRequest(b.requestId, { decision: 'reject', reason: 'not on staff' }, admin('DEMO001'), deps, 'h');
    expect(sms.slice(before)).toEqual([
      { phone: person(1).phone, text: expect.stringContaining('approvata') },
      { phone: person(2).phone, text: expect.stringContaining('non è stata approvata') },
    ]);
    expect(sms.at(-2)?.text).toContain((approved as { address: string }).address);
    // The free-text reason stays with the school: it is not texted.
    expect(sms.at(-1)?.text).not.toContain('not on staff');
  });

  it('a decision stands when its SMS cannot be sent', async () => {
    const { deps, lastCode, requests } = world();
    const a = await startLateRequest(person(1), IP, deps);
    await verifyLateRequest(a.requestId, lastCode(), deps);
    deps.sms = {
      send: async () => {
        throw new Error('SNS is down');
      },
    };
    await expect(decideLateRequest(a.requestId, { decision: 'reject' }, admin('DEMO001'), deps, 'h')).resolves.toMatchObject({
      state: 'rejected',
    });
    expect(requests.get(a.requestId)?.state).toBe('rejected');
  });
});

describe('the applicant reads the decision with the status token', () => {
  const proven = async (w: ReturnType<typeof world>, i: number) => {
    const { requestId } = await startLateRequest(person(i), IP, w.deps);
    const { statusToken } = await verifyLateRequest(requestId, w.lastCode(), w.deps);
    return { requestId, statusToken };
  };

  it('is 256 random bits, answered once, stored only as a keyed hash next to the request id', async () => {
    const w = world();
    const { requestId, statusToken } = await proven(w, 1);
    expect(statusToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(statusToken, 'base64url')).toHaveLength(32);
    const [stored] = [...w.tokens.values()];
    expect(stored?.token).toEqual({
      tokenKey: w.deps.rateKey('late-status', statusToken),
      requestId,
      confirmedAt: '2027-03-01T09:00:00.000Z',
    });
    expect(JSON.stringify([...w.tokens.entries(), ...w.requests.values()])).not.toContain(statusToken);
    // A year from the proof.
    expect(stored?.expiresAt.toISOString()).toBe('2028-02-29T09:00:00.000Z');
  });

  it('says pending, then approved with the new address, or rejected without the school’s reason', async () => {
    const w = world();
    const a = await proven(w, 1);
    const b = await proven(w, 2);
    expect(await lateRequestStatus(a.statusToken, IP, w.statusDeps)).toEqual({
      requestId: a.requestId,
      state: 'pending',
      confirmedAt: '2027-03-01T09:00:00.000Z',
      decidedAt: null,
      address: null,
    });
    w.advance(3600);
    await decideLateRequest(a.requestId, { decision: 'approve' }, admin('DEMO001'), w.deps, 'h');
    await decideLateRequest(b.requestId, { decision: 'reject', reason: 'Mario Rossi left in 2026' }, admin('DEMO001'), w.deps, 'h');
    expect(await lateRequestStatus(a.statusToken, IP, w.statusDeps)).toEqual({
      requestId: a.requestId,
      state: 'approved',
      confirmedAt: '2027-03-01T09:00:00.000Z',
      decidedAt: '2027-03-01T10:00:00.000Z',
      address: person(1).oldAddress.replace('@', '@posta.'),
    });
    const rejected = await lateRequestStatus(b.statusToken, IP, w.statusDeps);
    expect(rejected).toEqual({
      requestId: b.requestId,
      state: 'rejected',
      confirmedAt: expect.any(String),
      decidedAt: '2027-03-01T10:00:00.000Z',
      address: null,
    });
    expect(JSON.stringify(rejected)).not.toContain('Rossi');
  });

  it('a member’s details proven with another phone read pending, as anyone’s, even once the request has expired', async () => {
    const w = world();
    const id = w.deps.hashNationalId(person(2).nationalId);
    w.members.set(id.memberId, {
      memberId: id.memberId,
      phone: '+393479999999',
      locale: 'it',
      address: 'x@posta.istruzione.it',
      institutionCode: 'DEMO001',
    } as Member);
    const stranger = await proven(w, 3);
    const { requestId } = await startLateRequest({ ...person(2), phone: person(4).phone }, IP, w.deps);
    const { statusToken } = await verifyLateRequest(requestId, w.lastCode(), w.deps);
    expect(w.requests.get(requestId)?.state).toBe('duplicate');
    const mask = (v: Record<string, unknown>) => ({ ...v, requestId: '*' });
    expect(mask(await lateRequestStatus(statusToken, IP, w.statusDeps))).toEqual(
      mask(await lateRequestStatus(stranger.statusToken, IP, w.statusDeps)),
    );
    w.requests.delete(requestId); // the duplicate's record expired (TTL)
    expect(await lateRequestStatus(statusToken, IP, w.statusDeps)).toMatchObject({ state: 'pending', decidedAt: null, address: null });
  });

  it('an unknown, forged or expired token is one 404; a token answers for its own request only', async () => {
    const w = world();
    const a = await proven(w, 1);
    const b = await proven(w, 2);
    expect((await lateRequestStatus(b.statusToken, IP, w.statusDeps)).requestId).toBe(b.requestId);
    const unknown = { status: 404, code: 'late_request_status_unknown' };
    // Another request's id, a token one character off, garbage.
    for (const forged of [a.requestId, `${a.statusToken.slice(0, -1)}${a.statusToken.endsWith('A') ? 'B' : 'A'}`, 'x', '../../LATEREQ#1']) {
      await expect(lateRequestStatus(forged, IP, w.statusDeps)).rejects.toMatchObject(unknown);
    }
    w.advance(366 * 86_400);
    await expect(lateRequestStatus(a.statusToken, IP, w.statusDeps)).rejects.toMatchObject(unknown);
  });

  it('counts every lookup against the source’s hourly budget, found or not', async () => {
    const w = world();
    const a = await proven(w, 1);
    for (let i = 0; i < STATUS_LOOKUP_LIMIT.limit - 1; i++)
      await lateRequestStatus('unknown', '192.0.2.9', w.statusDeps).catch(() => undefined);
    await lateRequestStatus(a.statusToken, '192.0.2.9', w.statusDeps);
    await expect(lateRequestStatus(a.statusToken, '192.0.2.9', w.statusDeps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_requests_from_network',
    });
    // Another network is not affected; the next hour starts afresh.
    expect((await lateRequestStatus(a.statusToken, '192.0.2.10', w.statusDeps)).state).toBe('pending');
    w.advance(3600);
    expect((await lateRequestStatus(a.statusToken, '192.0.2.9', w.statusDeps)).state).toBe('pending');
  });
});
