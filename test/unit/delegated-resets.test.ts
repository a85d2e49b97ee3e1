import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor } from '../../shared/auth/scope';
import type { Clock } from '../../shared/clock';
import { deadlineKeys, nextDeadline } from '../../shared/deadlines/next-deadline';
import type { EmailMessage } from '../../shared/email/email-message';
import { DomainError } from '../../shared/errors';
import { templatePlaceholders } from '../../shared/i18n/email-templates';
import type { Member, MemberState } from '../../shared/members/member';
import { loadProfile, type Profile } from '../../shared/profiles';
import { profileSchema } from '../../shared/profiles/profile-schema';
import {
  confirmFormScan,
  type FormScanDeps,
  type FormScanStorage,
  isFileOfType,
  openFormScanUpload,
  type StoredScan,
  viewFormScan,
} from '../../shared/resets/form-scan';
import { resetAndSendPassword } from '../../shared/resets/reset-password';
import { canMove, RESET_REQUEST_STATES, type ResetRequest, type ResetRequestState, statesBefore } from '../../shared/resets/reset-request';
import type { ResetRequestStore } from '../../shared/resets/reset-request-store';
import {
  approveResetRequest,
  fileResetRequest,
  getResetRequest,
  listResetRequests,
  type ResetRequestDeps,
  rejectResetRequest,
} from '../../shared/resets/reset-use-cases';
import { actorOf, held } from '../helpers/actors';
import { prng } from '../helpers/prng';

const TR = loadProfile('tr-meb');
const TWO_PERSON: Profile = { ...TR, resetApproval: 'two-person' };

/** Lets every other pending promise run: what a network round trip does between two calls. */
const tick = () => new Promise<void>((r) => setImmediate(r));

const memberId = (i: number) => `m-${i.toString(16).padStart(24, '0')}`;

function member(i: number, institutionCode: string, state: MemberState = 'password-expired'): Member {
  return {
    memberId: memberId(i),
    nidHmac: 'h'.repeat(64),
    nidLast3: '123',
    givenName: 'Ayşe',
    familyName: 'Öztürk',
    phone: `+90532${String(1_000_000 + i)}`,
    institutionCode,
    category: 'teacher',
    oldAddress: null,
    alternateEmail: `ayse.${i}@example.com.tr`,
    locale: 'tr',
    address: `ayse.ozturk${i}@meb.k12.tr`,
    state,
    rowHash: 'r',
    createdAt: '2027-01-01T00:00:00Z',
    updatedAt: '2027-01-01T00:00:00Z',
    importJobId: 'job',
    lotId: 'lot-1',
    accountCreatedAt: '2027-01-02T00:00:00Z',
    activatedAt: '2027-01-03T00:00:00Z',
    passwordChangedAt: '2027-01-03T00:00:00Z',
    passwordWarningsSent: [7, 3, 1],
  };
}

/** The route each role calls these use cases through (an approver's reject and reads decide alike). */
const ACTION = { officer: 'fileResetRequest', approver: 'approveResetRequest', operator: 'getResetRequest' } as const;
const actor = (sub: string, role: 'officer' | 'approver' | 'operator', institution: string | null): Actor =>
  actorOf(ACTION[role], [held(role, institution)], { sub, login: `${sub}@meb.k12.tr` });

const FORM = (number: string) => ({
  number,
  signedOn: '2027-03-01',
  approverName: 'Mehmet Yılmaz',
  approverTitle: 'Okul Müdürü',
  archivedAt: 'Arşiv dolabı 3, klasör 12',
});

/**
 * In-memory stores with the DynamoDB stores' conditions. Every call yields first (a network round
 * trip), so two requests run with `Promise.all` interleave the way two Lambdas do; each
 * conditional write is then one atomic check-and-set, as DynamoDB's is.
 */
function world(profile: Profile = TR) {
  let now = new Date('2027-03-02T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const requests = new Map<string, ResetRequest>();
  const forms = new Map<string, string>();
  const members = new Map<string, Member>();
  const disabled = new Set<string>();
  const passwords: Array<{ login: string; password: string }> = [];
  const signOuts: Array<{ login: string; passwordsBefore: number }> = [];
  const sms: Array<{ phone: string; text: string }> = [];
  const emails: EmailMessage[] = [];
  const audits: AuditEntry[] = [];
  const counters: Record<string, number> = {};
  const store: ResetRequestStore = {
    async create(r) {
      await tick();
      const key = `${r.institutionCode}#${r.form.number.toUpperCase()}`;
      if (forms.has(key)) return false;
      forms.set(key, r.requestId);
      requests.set(r.requestId, structuredClone(r));
      return true;
    },
    async requestIdOfForm(code, number) {
      await tick();
      return forms.get(`${code}#${number.toUpperCase()}`) ?? null;
    },
    async get(id) {
      await tick();
      return structuredClone(requests.get(id) ?? null);
    },
    async move(r, from, to, set = {}) {
      await tick();
      const current = requests.get(r.requestId);
      if (!current || !from.includes(current.state) || !canMove(current.state, to)) return false;
      Object.assign(current, structuredClone(set), { state: to });
      return true;
    },
    async list(code, state) {
      await tick();
      const items = [...requests.values()].filter((r) => r.institutionCode === code && r.state === state);
      return { items: structuredClone(items), nextCursor: null };
    },
    async claimed(code) {
      await tick();
      return structuredClone([...requests.values()].filter((r) => r.institutionCode === code && r.state === 'consuming'));
    },
    async awaitingSince(code, filedBy) {
      await tick();
      return structuredClone(
        [...requests.values()].filter((r) => r.institutionCode === code && r.state === 'awaiting-approval' && r.filedAt <= filedBy),
      );
    },
    async attachFormScan(id, scan, etag) {
      await tick();
      const current = requests.get(id);
      if (!current || current.form.scan) return false;
      current.form.scan = structuredClone(scan);
      current.formScanEtag = etag;
      return true;
    },
  };
  let n = 0;
  const deps: ResetRequestDeps = {
    requests: store,
    members: {
      async get(id) {
        await tick();
        return structuredClone(members.get(id) ?? null);
      },
      async advance(id, from, set, progress, remove = []) {
        await tick();
        const m = members.get(id);
        if (!m || !from.includes(m.state)) return false;
        Object.assign(m, structuredClone(set));
        for (const k of remove) delete m[k];
        for (const [k, v] of Object.entries(progress?.delta ?? {})) counters[k] = (counters[k] ?? 0) + (v ?? 0);
        return true;
      },
    },
    accounts: {
      async userStatus(login) {
        await tick();
        return [...members.values()].some((m) => m.address === login) ? { enabled: !disabled.has(login), status: 'CONFIRMED' } : null;
      },
      async enableUser(login) {
        await tick();
        disabled.delete(login);
      },
      async signOutEverywhere(login) {
        await tick();
        // With how many passwords set so far: a reset must end the sessions before its password.
        signOuts.push({ login, passwordsBefore: passwords.length });
      },
    },
    directory: {
      async setTemporaryPassword(login, password) {
        await tick();
        passwords.push({ login, password });
      },
    },
    sms: { send: async (phone, text) => String(sms.push({ phone, text })) },
    failures: { record: async () => 'recorded' },
    enqueueEmail: async (m) => void emails.push(m),
    audit: { record: async (e) => void audits.push(structuredClone(e)) },
    profile,
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
  const add = (m: Member) => {
    members.set(m.memberId, structuredClone(m));
    if (m.state === 'password-expired') disabled.add(m.address);
    return m;
  };
  const later = (days: number) => {
    now = new Date(now.getTime() + days * 86_400_000);
  };
  const laterMinutes = (minutes: number) => later(minutes / 1440);
  return { deps, requests, members, disabled, passwords, signOuts, sms, emails, audits, counters, add, later, laterMinutes, clock };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.code}`;
    throw error;
  }
};

const officerA = actor('officer-a', 'officer', 'INSTA001');
const approverA = actor('approver-a', 'approver', 'INSTA001');

describe('reset request state machine', () => {
  it('allows only the documented moves; done, rejected, expired and failed are final', () => {
    const moves = RESET_REQUEST_STATES.flatMap((from) =>
      RESET_REQUEST_STATES.filter((to) => canMove(from, to)).map((to) => `${from}>${to}`),
    );
    expect(moves.sort()).toEqual(
      [
        'awaiting-approval>approved',
        'awaiting-approval>rejected',
        'awaiting-approval>expired',
        'approved>consuming',
        'consuming>done',
        'consuming>approved',
        'consuming>failed',
      ].sort(),
    );
    // The claim has exactly one way in: nothing but `approved` becomes `consuming`.
    expect(statesBefore('consuming')).toEqual<ResetRequestState[]>(['approved']);
  });
});

describe('recorded-form profile (tr-meb): the filed form is the approval', () => {
  it('files, consumes at once: account enabled, one temporary password by SMS, member live with its deadline, email, audit — never the password', async () => {
    const w = world();
    const m = w.add(member(1, 'INSTA001'));
    const view = await fileResetRequest({ memberId: m.memberId, form: FORM('F-1') }, officerA, w.deps, 'http-1');

    expect(view).toMatchObject({
      state: 'done',
      memberId: m.memberId,
      approval: 'recorded-form',
      smsDelivered: true,
      decidedBy: 'officer-a',
    });
    expect(w.disabled.has(m.address)).toBe(false);
    expect(w.passwords).toHaveLength(1);
    // Whoever held a session is out before the new password exists.
    expect(w.signOuts).toEqual([{ login: m.address, passwordsBefore: 0 }]);
    expect(w.sms).toHaveLength(1);
    const password = w.passwords[0]?.password as string;
    expect(w.sms[0]).toMatchObject({ phone: m.phone });
    expect(w.sms[0]?.text).toContain(password);

    const after = w.members.get(m.memberId) as Member;
    const setAt = w.clock.now().toISOString();
    expect(after).toMatchObject({ state: 'activated', temporaryPasswordSetAt: setAt });
    expect(after.passwordWarningsSent).toBeUndefined();
    // The deadline keys are the temporary-password deadline's, computed independently here.
    const deadline = nextDeadline({ ...after }, TR);
    expect(deadline?.kind).toBe('temporary-password');
    expect({ deadlinePk: after.deadlinePk, deadlineSk: after.deadlineSk }).toEqual(deadlineKeys(m.memberId, deadline));
    // password-expired counts as `expired`; back to `activated`.
    expect(w.counters).toEqual({ expired: -1, activated: 1 });

    expect(w.emails).toHaveLength(1);
    expect(w.emails[0]).toMatchObject({ template: 'password-reset-done', to: m.alternateEmail, memberId: m.memberId });
    expect(Object.keys(w.emails[0]?.data ?? {}).sort()).toEqual(templatePlaceholders('password-reset-done'));
    expect(w.audits.map((a) => [a.action, a.outcome])).toEqual([
      ['reset-request.filed', 'success'],
      ['password.reset-by-institution', 'success'],
    ]);
    // The canary: the password is nowhere but in the Cognito call and the SMS.
    const everything = JSON.stringify([view, [...w.requests.values()], [...w.members.values()], w.emails, w.audits]);
    expect(everything).not.toContain(password);
  });

  it('a member who never signed in goes back to notified; one not yet provisioned cannot be reset and nothing is filed', async () => {
    const w = world();
    const { activatedAt: _a, passwordChangedAt: _b, ...never } = member(2, 'INSTA001', 'temp-password-expired');
    w.add(never);
    expect((await fileResetRequest({ memberId: never.memberId, form: FORM('F-2') }, officerA, w.deps, 'h')).state).toBe('done');
    expect(w.members.get(never.memberId)?.state).toBe('notified');

    const pending = w.add(member(3, 'INSTA001', 'pending'));
    expect(await codeOf(fileResetRequest({ memberId: pending.memberId, form: FORM('F-3') }, officerA, w.deps, 'h'))).toBe(
      '409 member_not_resettable',
    );
    expect(w.requests.size).toBe(1);
    expect(w.sms).toHaveLength(1);
  });

  it('the same form number is filed once per institution (a retried filing sends nothing twice)', async () => {
    const w = world();
    const m = w.add(member(4, 'INSTA001'));
    await fileResetRequest({ memberId: m.memberId, form: FORM('F-9') }, officerA, w.deps, 'h');
    expect(await codeOf(fileResetRequest({ memberId: m.memberId, form: FORM('f-9') }, officerA, w.deps, 'h'))).toBe(
      '409 form_already_filed',
    );
    expect(w.sms).toHaveLength(1);
  });

  it('a form signed in the future is refused', async () => {
    const w = world();
    const m = w.add(member(5, 'INSTA001'));
    expect(
      await codeOf(fileResetRequest({ memberId: m.memberId, form: { ...FORM('F-5'), signedOn: '2027-03-09' } }, officerA, w.deps, 'h')),
    ).toBe('400 validation_failed');
  });

  it('an outage inside the credential step marks the request failed: it is never consumed a second time', async () => {
    const w = world();
    const m = w.add(member(6, 'INSTA001'));
    const original = w.deps.directory.setTemporaryPassword;
    w.deps.directory.setTemporaryPassword = async () => {
      throw new Error('Cognito is down');
    };
    await expect(fileResetRequest({ memberId: m.memberId, form: FORM('F-6') }, officerA, w.deps, 'h')).rejects.toThrow('Cognito is down');
    // Cognito failed inside the credential step: we cannot know whether it took the password.
    expect([...w.requests.values()][0]?.state).toBe('failed');
    expect(w.audits.at(-1)).toMatchObject({ action: 'reset-request.consume', outcome: 'failed' });
    w.deps.directory.setTemporaryPassword = original;
    expect(w.sms).toHaveLength(0);
  });
});

describe('two-person profile', () => {
  async function filed(w: ReturnType<typeof world>, i = 10) {
    const m = w.add(member(i, 'INSTA001'));
    const view = await fileResetRequest({ memberId: m.memberId, form: FORM(`T-${i}`) }, officerA, w.deps, 'h');
    return { m, view };
  }

  it('waits for an approver: nothing is sent before; the approval consumes it', async () => {
    const w = world(TWO_PERSON);
    const { m, view } = await filed(w);
    expect(view).toMatchObject({ state: 'awaiting-approval', approval: 'two-person', approveBy: '2027-03-09T09:00:00.000Z' });
    expect(w.sms).toHaveLength(0);
    const approved = await approveResetRequest(view.requestId, approverA, w.deps, 'h2');
    expect(approved).toMatchObject({ state: 'done', decidedBy: 'approver-a', smsDelivered: true });
    expect(w.sms).toHaveLength(1);
    expect(w.members.get(m.memberId)?.state).toBe('activated');
    expect(await codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h3'))).toBe('409 already_decided');
    expect(w.sms).toHaveLength(1);
  });

  it('the filing officer cannot approve (even holding the approver role): 403 same_person, audited', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w);
    const both = actorOf('approveResetRequest', [held('officer', 'INSTA001'), held('approver', 'INSTA001')], officerA);
    expect(await codeOf(approveResetRequest(view.requestId, both, w.deps, 'h'))).toBe('403 same_person');
    expect(await codeOf(rejectResetRequest(view.requestId, 'no', both, w.deps, 'h'))).toBe('403 same_person');
    expect(w.audits.filter((a) => a.outcome === 'refused').map((a) => [a.action, a.reason, a.actor])).toEqual([
      ['reset-request.approve', 'same_person', 'officer-a'],
      ['reset-request.reject', 'same_person', 'officer-a'],
    ]);
    expect(w.requests.get(view.requestId)?.state).toBe('awaiting-approval');
    expect(w.sms).toHaveLength(0);
  });

  it('reject keeps the reason on the request, not in the audit; a rejected request cannot be approved', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w);
    const rejected = await rejectResetRequest(view.requestId, 'Form not signed by the principal', approverA, w.deps, 'h');
    expect(rejected).toMatchObject({ state: 'rejected', reason: 'Form not signed by the principal' });
    expect(JSON.stringify(w.audits)).not.toContain('principal');
    expect(await codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h'))).toBe('409 already_decided');
    expect(w.sms).toHaveLength(0);
  });

  it(`expires ${7} days after filing: lazily on approval and on listing`, async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w, 11);
    const { view: other } = await filed(w, 12);
    w.later(6.99);
    expect((await listResetRequests('INSTA001', { state: 'awaiting-approval', limit: 50 }, approverA, w.deps, 'h')).items).toHaveLength(2);
    w.later(0.01);
    expect(await codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h'))).toBe('409 request_expired');
    expect(w.requests.get(other.requestId)?.state).toBe('awaiting-approval');
    const expired = await listResetRequests('INSTA001', { state: 'expired', limit: 50 }, officerA, w.deps, 'h');
    expect(expired.items.map((r) => r.requestId).sort()).toEqual([view.requestId, other.requestId].sort());
    expect(w.sms).toHaveLength(0);
  });

  it('two approvals at once (two approvers, or one retried): one password, one SMS, one 200 and one 409', async () => {
    const cases = [
      { second: approverA, preset: null },
      { second: actor('approver-a2', 'approver', 'INSTA001'), preset: null },
      // Both find it approved but unclaimed (an earlier attempt stopped there): only the claim decides.
      { second: actor('approver-a2', 'approver', 'INSTA001'), preset: 'approved' as const },
    ];
    for (const { second, preset } of cases) {
      const w = world(TWO_PERSON);
      const { m, view } = await filed(w);
      if (preset) (w.requests.get(view.requestId) as ResetRequest).state = preset;
      const outcomes = await Promise.all([
        codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h1')),
        codeOf(approveResetRequest(view.requestId, second, w.deps, 'h2')),
      ]);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o.startsWith('409'))).toHaveLength(1);
      expect(w.passwords).toHaveLength(1);
      expect(w.sms).toHaveLength(1);
      expect(w.audits.filter((a) => a.action === 'password.reset-by-institution')).toHaveLength(1);
      expect(w.requests.get(view.requestId)?.state).toBe('done');
      expect(w.counters).toEqual({ expired: -1, activated: 1 });
      expect(w.members.get(m.memberId)?.state).toBe('activated');
    }
  });

  it('a failed sign-out (Cognito throttling) stops the reset before any password and puts the request back to approved', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w);
    expect(w.signOuts).toEqual([]); // filing alone ends no session
    const original = w.deps.accounts.signOutEverywhere;
    w.deps.accounts.signOutEverywhere = async () => {
      throw new Error('TooManyRequestsException');
    };
    await expect(approveResetRequest(view.requestId, approverA, w.deps, 'h')).rejects.toThrow('TooManyRequests');
    expect(w.requests.get(view.requestId)?.state).toBe('approved');
    expect(w.passwords).toHaveLength(0);
    w.deps.accounts.signOutEverywhere = original;
    expect((await approveResetRequest(view.requestId, approverA, w.deps, 'h')).state).toBe('done');
    expect(w.signOuts).toHaveLength(1);
    expect(w.sms).toHaveLength(1);
  });

  it('an outage before the credential step (account look-up) puts the request back to approved; the retry finishes it', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w);
    const original = w.deps.accounts.userStatus;
    w.deps.accounts.userStatus = async () => {
      throw new Error('Cognito is down');
    };
    await expect(approveResetRequest(view.requestId, approverA, w.deps, 'h')).rejects.toThrow('Cognito is down');
    expect(w.requests.get(view.requestId)?.state).toBe('approved');
    w.deps.accounts.userStatus = original;
    expect((await approveResetRequest(view.requestId, approverA, w.deps, 'h')).state).toBe('done');
    expect(w.sms).toHaveLength(1);
  });

  it('a claim that never finished (the function died while consuming) is settled as failed 15 minutes on, lazily, and nothing is re-sent', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w, 13);
    const { view: other } = await filed(w, 14);
    // Both claimed, then the function died before any outcome was written.
    for (const id of [view.requestId, other.requestId]) {
      Object.assign(w.requests.get(id) as ResetRequest, { state: 'consuming', claimedAt: w.clock.now().toISOString() });
    }
    w.laterMinutes(14);
    expect(await getResetRequest(view.requestId, officerA, w.deps, 'h')).toMatchObject({ state: 'consuming' });
    expect(await codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h'))).toBe('409 already_decided');
    w.laterMinutes(1);
    expect(await getResetRequest(view.requestId, officerA, w.deps, 'h')).toMatchObject({ state: 'failed', reason: 'interrupted' });
    const failed = await listResetRequests('INSTA001', { state: 'failed', limit: 50 }, officerA, w.deps, 'h');
    expect(failed.items.map((r) => r.requestId).sort()).toEqual([view.requestId, other.requestId].sort());
    expect(
      w.audits
        .filter((a) => a.action === 'reset-request.interrupted')
        .map((a) => a.target)
        .sort(),
    ).toEqual([view.requestId, other.requestId].sort());
    expect(w.sms).toHaveLength(0);
    expect(w.passwords).toHaveLength(0);
  });

  it('an approval that finds the request approved but unclaimed (a crashed attempt) finishes it once', async () => {
    const w = world(TWO_PERSON);
    const { view } = await filed(w);
    const stored = w.requests.get(view.requestId) as ResetRequest;
    stored.state = 'approved';
    await approveResetRequest(view.requestId, approverA, w.deps, 'h');
    expect(w.sms).toHaveLength(1);
    expect(w.requests.get(view.requestId)?.state).toBe('done');
  });
});

describe('resetAndSendPassword (the support desk reuses it)', () => {
  it('resets a closed account, records the reason, and answers without the password', async () => {
    const w = world();
    const m = w.add(member(20, 'INSTA001'));
    const result = await resetAndSendPassword(m.memberId, { sub: 'agent-1', role: 'support' }, w.deps, {
      requestId: 'h',
      reason: 'caller verified with support code',
    });
    expect(result).toEqual({
      memberId: m.memberId,
      setAt: w.clock.now().toISOString(),
      smsDelivered: true,
      reopened: true,
      state: 'activated',
    });
    expect(w.audits[0]).toMatchObject({ actor: 'agent-1', role: 'support', reason: 'caller verified with support code' });
    expect(JSON.stringify(result)).not.toContain(w.passwords[0]?.password as string);
  });

  it('no sign-in account: 409 no_account, nothing sent', async () => {
    const w = world();
    const m = member(21, 'INSTA001', 'notified');
    w.members.set(m.memberId, { ...m, address: 'ghost@meb.k12.tr' });
    w.deps.accounts.userStatus = async () => null;
    expect(await codeOf(resetAndSendPassword(m.memberId, { sub: 'x', role: 'support' }, w.deps, { requestId: 'h' }))).toBe(
      '409 no_account',
    );
    expect(w.sms).toHaveLength(0);
  });
});

describe('authorization property: officers and approvers act on their own institution only', () => {
  const INSTITUTIONS = ['INSTA001', 'INSTB001', 'INSTC001', 'INSTD001'];
  const SEED = 20_270_301;
  const RUNS = 300;

  it(`${RUNS} random (caller, member, action) cases, seed ${SEED}: every cross-institution attempt is 403 and audited as refused`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    let crossCases = 0;
    for (let run = 0; run < RUNS; run++) {
      const w = world(TWO_PERSON);
      // One member and one pending request per institution, filed by that institution's officer.
      const pending = new Map<string, { memberId: string; requestId: string }>();
      for (const [k, code] of INSTITUTIONS.entries()) {
        const filer = w.add(member(1000 + k, code));
        const spare = w.add(member(2000 + k, code));
        const view = await fileResetRequest(
          { memberId: filer.memberId, form: FORM(`P-${k}`) },
          actor(`off-${code}`, 'officer', code),
          w.deps,
          'setup',
        );
        pending.set(code, { memberId: spare.memberId, requestId: view.requestId });
      }
      const auditsBefore = w.audits.length;
      const callerInstitution = pick(INSTITUTIONS);
      const targetInstitution = pick(INSTITUTIONS);
      const target = pending.get(targetInstitution) as { memberId: string; requestId: string };
      const kind = pick(['file', 'approve', 'reject', 'read', 'list'] as const);
      const role =
        kind === 'file' ? 'officer' : kind === 'approve' || kind === 'reject' ? 'approver' : pick(['officer', 'approver'] as const);
      const caller = actor(`${role}-${run}`, role, callerInstitution);
      const attempt =
        kind === 'file'
          ? fileResetRequest({ memberId: target.memberId, form: FORM(`X-${run}`) }, caller, w.deps, `run-${run}`)
          : kind === 'approve'
            ? approveResetRequest(target.requestId, caller, w.deps, `run-${run}`)
            : kind === 'reject'
              ? rejectResetRequest(target.requestId, 'reason', caller, w.deps, `run-${run}`)
              : kind === 'read'
                ? getResetRequest(target.requestId, caller, w.deps, `run-${run}`)
                : listResetRequests(targetInstitution, { state: 'awaiting-approval', limit: 50 }, caller, w.deps, `run-${run}`);
      const outcome = await codeOf(attempt);
      const context = `run ${run}: ${role} of ${callerInstitution} ${kind} on ${targetInstitution}`;
      const newAudits = w.audits.slice(auditsBefore);
      if (callerInstitution === targetInstitution) {
        expect(outcome, context).toBe('ok');
        expect(
          newAudits.filter((a) => a.outcome === 'refused'),
          context,
        ).toEqual([]);
        continue;
      }
      crossCases++;
      expect(outcome, context).toBe('403 institution_out_of_scope');
      expect(newAudits, context).toEqual([
        expect.objectContaining({
          actor: caller.sub,
          role,
          outcome: 'refused',
          reason: 'institution_out_of_scope',
          institution: targetInstitution,
          requestId: `run-${run}`,
          details: { actorInstitution: callerInstitution },
        }),
      ]);
      // Refused means nothing happened: no password, no SMS, every request as it was.
      expect(w.passwords, context).toEqual([]);
      expect(w.sms, context).toEqual([]);
      expect(
        [...w.requests.values()].map((r) => r.state),
        context,
      ).toEqual(INSTITUTIONS.map(() => 'awaiting-approval'));
    }
    // The generator must actually have produced cross-institution cases of every kind.
    expect(crossCases).toBeGreaterThan(RUNS / 2);
    // 300 cases of in-memory work: well under a second alone, longer on a loaded 2-core runner.
  }, 30_000);
});

describe('the signed form’s scan (upload, confirmation, view)', () => {
  const REQUIRED: Profile = { ...TWO_PERSON, resetFormScan: 'required' };
  const as = (routeId: string, sub: string, role: 'officer' | 'approver' | 'operator', institution: string | null) =>
    actorOf(routeId, [held(role, institution)], { sub, login: `${sub}@meb.k12.tr` });
  const uploader = as('openFormScanUpload', 'officer-a', 'officer', 'INSTA001');
  const confirmer = as('confirmFormScan', 'officer-a', 'officer', 'INSTA001');
  const viewer = as('getFormScan', 'approver-a', 'approver', 'INSTA001');

  /** The bucket in memory: what the officer's browser PUT through the URL (the signed type, any size). */
  /** What each type's file begins with (its published signature); anything else begins like a web page. */
  const LEADS: Record<string, number[]> = {
    'application/pdf': [...new TextEncoder().encode('%PDF-1.7\n')],
    'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0],
    'image/jpeg': [0xff, 0xd8, 0xff, 0xe0, 0, 0x10],
  };
  const leadOf = (type: string) => new Uint8Array(LEADS[type] ?? [...new TextEncoder().encode('<html><script>')]);

  function bucket() {
    const objects = new Map<string, StoredScan & { lead: Uint8Array }>();
    const signed: Array<{ verb: string; key: string; contentType: string; size?: number }> = [];
    const scans: FormScanStorage = {
      presignPut: async (key, contentType, size) => {
        signed.push({ verb: 'PUT', key, contentType, size });
        return `https://s3.example/${key}?put`;
      },
      presignGet: async (key, contentType) => {
        signed.push({ verb: 'GET', key, contentType });
        return `https://s3.example/${key}?get`;
      },
      head: async (key) => {
        const o = objects.get(key);
        return o ? { size: o.size, contentType: o.contentType, etag: o.etag } : null;
      },
      firstBytes: async (key, count) => (objects.get(key)?.lead ?? new Uint8Array()).slice(0, count),
      remove: async (key) => void objects.delete(key),
    };
    return { objects, signed, scans };
  }

  async function setUp(profile: Profile = REQUIRED) {
    const w = world(profile);
    const b = bucket();
    const deps: FormScanDeps = { requests: w.deps.requests, scans: b.scans, audit: w.deps.audit, clock: w.clock };
    const m = w.add(member(40, 'INSTA001'));
    const view = await fileResetRequest({ memberId: m.memberId, form: FORM('S-40') }, officerA, w.deps, 'h');
    const key = `reset-forms/INSTA001/${view.requestId}`;
    const put = (size: number, contentType = 'application/pdf', etag = '"e1"', lead = leadOf(contentType)) =>
      b.objects.set(key, { size, contentType, etag, lead });
    return { w, b, deps, m, view, key, put };
  }

  it('required: approval waits for the scan; the officer uploads (type signed) and confirms; the approver views it, audited', async () => {
    const { w, b, deps, m, view, key, put } = await setUp();
    expect(await codeOf(approveResetRequest(view.requestId, approverA, w.deps, 'h'))).toBe('409 form_scan_required');
    expect(w.sms).toHaveLength(0);

    const opened = await openFormScanUpload(view.requestId, { contentType: 'application/pdf', size: 123_456 }, uploader, deps, 'h');
    expect(opened.upload).toEqual({
      method: 'PUT',
      url: `https://s3.example/${key}?put`,
      headers: { 'content-type': 'application/pdf' },
      expiresAt: '2027-03-02T09:05:00.000Z',
    });
    expect(opened.limits.maxBytes).toBe(10 * 1024 * 1024);
    // The key names the institution and the request: nothing of the member (national ID, name).
    expect(b.signed[0]).toEqual({ verb: 'PUT', key, contentType: 'application/pdf', size: 123_456 });
    expect(key).not.toContain(m.nidLast3);
    expect(await codeOf(confirmFormScan(view.requestId, confirmer, deps, 'h'))).toBe('409 form_scan_upload_missing');

    put(123_456);
    const confirmed = await confirmFormScan(view.requestId, confirmer, deps, 'h');
    expect(confirmed.form.scan).toEqual({ contentType: 'application/pdf', size: 123_456, uploadedAt: '2027-03-02T09:00:00.000Z' });
    expect(JSON.stringify(confirmed)).not.toContain('s3.example');
    expect(w.audits.at(-1)).toMatchObject({
      action: 'reset-request.form-scan-attached',
      actor: 'officer-a',
      target: view.requestId,
      details: { contentType: 'application/pdf', size: '123456', formNumber: 'S-40' },
    });

    const link = await viewFormScan(view.requestId, viewer, deps, 'h');
    expect(link).toEqual({
      requestId: view.requestId,
      url: `https://s3.example/${key}?get`,
      contentType: 'application/pdf',
      size: 123_456,
      expiresAt: '2027-03-02T09:05:00.000Z',
    });
    expect(w.audits.at(-1)).toMatchObject({ action: 'reset-request.form-scan-viewed', actor: 'approver-a', outcome: 'success' });
    expect(await approveResetRequest(view.requestId, approverA, w.deps, 'h')).toMatchObject({ state: 'done' });
    expect(w.sms).toHaveLength(1);
  });

  it('a scan over 10 MB is refused 413 (claimed, or stored) and deleted; a type other than PDF/PNG/JPEG 415; nothing is recorded', async () => {
    const { w, b, deps, view, key, put } = await setUp();
    const claimed = openFormScanUpload(view.requestId, { contentType: 'application/pdf', size: 20_000_000 }, uploader, deps, 'h');
    expect(await codeOf(claimed)).toBe('413 form_scan_too_large');
    expect(b.signed).toEqual([]);
    put(10 * 1024 * 1024 + 1);
    expect(await codeOf(confirmFormScan(view.requestId, confirmer, deps, 'h'))).toBe('413 form_scan_too_large');
    expect(b.objects.has(key)).toBe(false);
    put(1000, 'text/html');
    expect(await codeOf(confirmFormScan(view.requestId, confirmer, deps, 'h'))).toBe('415 form_scan_type_unsupported');
    expect(b.objects.has(key)).toBe(false);
    // A page uploaded as a PNG: its bytes say what it is.
    put(1000, 'image/png', '"e1"', leadOf('text/html'));
    expect(await codeOf(confirmFormScan(view.requestId, confirmer, deps, 'h'))).toBe('415 form_scan_type_unsupported');
    expect(b.objects.has(key)).toBe(false);
    expect(w.requests.get(view.requestId)?.form.scan).toBeUndefined();
    expect(await codeOf(viewFormScan(view.requestId, viewer, deps, 'h'))).toBe('404 form_scan_not_found');
    // Exactly at the limit is fine.
    put(10 * 1024 * 1024, 'image/jpeg');
    expect((await confirmFormScan(view.requestId, confirmer, deps, 'h')).form.scan?.size).toBe(10 * 1024 * 1024);
  });

  it('a confirmed scan is final; a closed request takes none; a scan overwritten after confirmation is not shown', async () => {
    const { w, deps, view, put } = await setUp();
    put(2000);
    await confirmFormScan(view.requestId, confirmer, deps, 'h');
    expect(await codeOf(openFormScanUpload(view.requestId, { contentType: 'image/png', size: 5000 }, uploader, deps, 'h'))).toBe(
      '409 form_scan_already_attached',
    );
    expect(await codeOf(confirmFormScan(view.requestId, confirmer, deps, 'h'))).toBe('409 form_scan_already_attached');
    put(2000, 'application/pdf', '"other"');
    expect(await codeOf(viewFormScan(view.requestId, viewer, deps, 'h'))).toBe('409 form_scan_changed');

    const other = w.add(member(41, 'INSTA001'));
    const rejected = await fileResetRequest({ memberId: other.memberId, form: FORM('S-41') }, officerA, w.deps, 'h');
    await rejectResetRequest(rejected.requestId, 'Imza eksik', approverA, w.deps, 'h');
    expect(
      await codeOf(openFormScanUpload(rejected.requestId, { contentType: 'application/pdf', size: 123_456 }, uploader, deps, 'h')),
    ).toBe('409 reset_request_closed');
  });

  it('recorded-form (tr-meb): the filing resets at once; the scan is attached to the done request afterwards', async () => {
    const { deps, view, put } = await setUp(TR);
    expect(view.state).toBe('done');
    await openFormScanUpload(view.requestId, { contentType: 'image/png', size: 5000 }, uploader, deps, 'h');
    put(5000, 'image/png');
    expect((await confirmFormScan(view.requestId, confirmer, deps, 'h')).form.scan).toMatchObject({ contentType: 'image/png' });
  });

  it('another institution’s officer, approver or support cannot upload, confirm or view: 403, audited in the targeted institution', async () => {
    const { w, deps, view, put } = await setUp();
    put(2000);
    const calls = [
      () =>
        openFormScanUpload(
          view.requestId,
          { contentType: 'application/pdf', size: 2000 },
          as('openFormScanUpload', 'o-b', 'officer', 'INSTB001'),
          deps,
          'x',
        ),
      () => confirmFormScan(view.requestId, as('confirmFormScan', 'o-b', 'officer', 'INSTB001'), deps, 'x'),
      () => viewFormScan(view.requestId, as('getFormScan', 'a-b', 'approver', 'INSTB001'), deps, 'x'),
      () => viewFormScan(view.requestId, as('getFormScan', 'o-b', 'officer', 'INSTB001'), deps, 'x'),
    ];
    for (const call of calls) expect(await codeOf(call())).toBe('403 institution_out_of_scope');
    expect(w.audits.filter((a) => a.outcome === 'refused')).toHaveLength(calls.length);
    expect(w.audits.filter((a) => a.outcome === 'refused').every((a) => a.institution === 'INSTA001')).toBe(true);
    expect(w.requests.get(view.requestId)?.form.scan).toBeUndefined();
    // An operator reads every institution's requests, so the scan too.
    await confirmFormScan(view.requestId, confirmer, deps, 'h');
    expect((await viewFormScan(view.requestId, as('getFormScan', 'op', 'operator', null), deps, 'h')).contentType).toBe('application/pdf');
  });

  it('a file is of its declared type by its published signature: PDF header within 1024 bytes, PNG signature, JPEG SOI', () => {
    const bytes = (...parts: Array<string | number[]>) =>
      new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
    expect(isFileOfType('application/pdf', bytes('%PDF-1.4\n'))).toBe(true);
    // Some scanners write bytes before the header; readers look for it in the first 1024.
    expect(isFileOfType('application/pdf', bytes([0xef, 0xbb, 0xbf], ' '.repeat(900), '%PDF-1.7'))).toBe(true);
    expect(isFileOfType('application/pdf', bytes(' '.repeat(1100), '%PDF-1.7'))).toBe(false);
    expect(isFileOfType('application/pdf', bytes('<html>%PD'))).toBe(false);
    expect(isFileOfType('image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(isFileOfType('image/png', bytes([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(isFileOfType('image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe(true);
    expect(isFileOfType('image/jpeg', bytes('%PDF-1.4'))).toBe(false);
  });

  it('a profile may require the scan only where an approver decides (two-person)', () => {
    expect(profileSchema.safeParse({ ...TR, resetFormScan: 'required' }).success).toBe(false);
    expect(profileSchema.safeParse(REQUIRED).success).toBe(true);
    expect(loadProfile('ru-moscow')).toMatchObject({ resetApproval: 'two-person', resetFormScan: 'required' });
  });
});
