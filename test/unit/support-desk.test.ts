import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor, SupportScope } from '../../shared/auth/scope';
import type { Role } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { deadlinePartition } from '../../shared/deadlines/next-deadline';
import type { EmailMessage } from '../../shared/email/email-message';
import { hashSupportCode, supportCodeFor } from '../../shared/identity/support-code';
import type { Member } from '../../shared/members/member';
import { loadProfile } from '../../shared/profiles';
import type { ProgressDelta } from '../../shared/progress/progress-counters';
import {
  memberAuditTrail,
  memberStatus,
  resetMemberPassword,
  SUPPORT_VERIFY_LIMIT,
  unlockMember,
  verifySupportCode,
} from '../../shared/support/member-support';
import type { DelegationChange, SharedMailbox, SharedMailboxStore } from '../../shared/support/shared-mailbox';
import { getSharedMailbox, listSharedMailboxes, registerSharedMailbox, setDelegation } from '../../shared/support/shared-mailbox-use-cases';
import { progressReport } from '../../shared/support/support-reports';
import { actorOf } from '../helpers/actors';

const KEY = 'k'.repeat(32);
const NOW = '2027-03-10T09:00:00.000Z';
const profile = loadProfile('tr-meb');

/** A support agent (or operator) with this reach; the support routes admit the same roles, so one action serves all. */
const agent = (roles: Role[], reach: { support?: SupportScope }, sub = 'agent-1'): Actor =>
  actorOf(
    'supportGetMember',
    roles.map((role) => ({ role, institution: null, ...(role === 'support' && reach.support && { support: reach.support }) })),
    { sub, login: `${sub}@posta` },
  );
const everywhere = agent(['support'], { support: 'all' });
const central = agent(['support'], { support: { regions: ['CENTRAL'] } }, 'agent-central');

function member(over: Partial<Member> = {}): Member {
  return {
    memberId: 'm1',
    nidHmac: 'h',
    nidLast3: '123',
    givenName: 'Ayşe',
    familyName: 'Yılmaz',
    phone: '+905321234567',
    institutionCode: 'TR000001',
    category: 'teacher',
    oldAddress: null,
    alternateEmail: 'ayse@example.com',
    locale: 'tr',
    address: 'ayse.yilmaz@meb.k12.tr',
    state: 'activated',
    rowHash: 'r',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    importJobId: 'j',
    lotId: 'lot-1',
    supportCodeHash: hashSupportCode(supportCodeFor('m1', KEY), KEY),
    activatedAt: '2027-01-05T00:00:00.000Z',
    passwordChangedAt: '2027-02-01T00:00:00.000Z',
    ...over,
  };
}

/** In-memory members, accounts, SMS, audit and counters with the real stores' conditions. */
function world(initial: Member[] = [member()]) {
  const members = new Map(initial.map((m) => [m.memberId, structuredClone(m)]));
  const accounts = new Map<string, { enabled: boolean; status: string; password?: string }>(
    initial.map((m) => [m.address, { enabled: true, status: 'CONFIRMED' }]),
  );
  const sms: Array<{ phone: string; text: string }> = [];
  const signedOut: string[] = [];
  const emails: EmailMessage[] = [];
  const audits: AuditEntry[] = [];
  const counters: Array<{ scope: unknown; delta: ProgressDelta }> = [];
  const hits = new Map<string, number>();
  const ctx = {
    audit: { record: async (e: AuditEntry) => void audits.push(e) },
    regions: { regionOf: async (code: string) => ({ TR000001: 'CENTRAL', TR000002: 'EAST' })[code] ?? null },
    clock: fixedClock(NOW),
  };
  const deps = {
    ...ctx,
    members: {
      get: async (id: string) => structuredClone(members.get(id) ?? null),
      getByAddress: async (a: string) => structuredClone([...members.values()].find((m) => m.address === a) ?? null),
      async advance(
        id: string,
        from: Member['state'][],
        set: Partial<Member>,
        progress?: { scope: unknown; delta: ProgressDelta },
        remove: Array<keyof Member> = [],
      ) {
        const m = members.get(id);
        if (!m || !from.includes(m.state)) return false;
        Object.assign(m, set);
        for (const k of remove) delete m[k];
        if (progress) counters.push(progress);
        return true;
      },
    },
    accounts: {
      enableUser: async (u: string) => void Object.assign(accounts.get(u) ?? {}, { enabled: true }),
      signOutEverywhere: async (u: string) => void signedOut.push(u),
      userStatus: async (u: string) => {
        const a = accounts.get(u);
        return a ? { enabled: a.enabled, status: a.status } : null;
      },
    },
    directory: {
      setTemporaryPassword: async (u: string, p: string) =>
        void Object.assign(accounts.get(u) ?? {}, { password: p, status: 'FORCE_CHANGE_PASSWORD' }),
    },
    sms: { send: async (phone: string, text: string) => String(sms.push({ phone, text })) },
    failures: { record: async () => 'recorded' as const },
    locks: {
      async clear(id: string) {
        const m = members.get(id) as (Member & { activationLockedUntil?: string }) | undefined;
        if (!m?.activationLockedUntil) return false;
        delete m.activationLockedUntil;
        return true;
      },
    },
    limiter: {
      async hit(key: string, rule: { limit: number }) {
        const n = hits.get(key) ?? 0;
        if (n >= rule.limit) return false;
        hits.set(key, n + 1);
        return true;
      },
    },
    supportCodeKey: KEY,
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    trail: {
      ofTarget: async (target: string) => ({
        items: audits
          .filter((a) => a.target === target)
          .map((a) => ({ ...a, at: a.at.toISOString(), reason: a.reason ?? null, details: a.details ?? null })),
        nextCursor: null,
      }),
    },
    profile,
  };
  return { deps, members, accounts, sms, emails, audits, counters, signedOut };
}

const expectRefused = (audits: AuditEntry[], action: string) =>
  expect(audits).toContainEqual(expect.objectContaining({ action, outcome: 'refused', actor: 'agent-central', role: 'support' }));

describe('support desk: verify a support code', () => {
  it('answers whether the code is the member’s (by id or login, case and dash ignored) and audits it without the code', async () => {
    const w = world();
    const code = supportCodeFor('m1', KEY);
    expect(await verifySupportCode({ memberId: 'm1', supportCode: code }, everywhere, w.deps, 'r1')).toEqual({ valid: true });
    expect(
      await verifySupportCode(
        { login: 'ayse.yilmaz@meb.k12.tr', supportCode: code.toLowerCase().replace('-', '') },
        everywhere,
        w.deps,
        'r2',
      ),
    ).toEqual({
      valid: true,
    });
    // The login as the caller spells it out: capitals (a Turkish keyboard's İ), spaces around.
    expect(await verifySupportCode({ login: ' AYŞE.YILMAZ@MEB.K12.TR ', supportCode: code }, everywhere, w.deps, 'r2b')).toEqual({
      valid: true,
    });
    expect(await verifySupportCode({ memberId: 'm1', supportCode: 'AAAA-AAAA' }, everywhere, w.deps, 'r3')).toEqual({ valid: false });
    expect(w.audits.map((a) => [a.action, a.details?.valid])).toEqual([
      ['support.code-verified', true],
      ['support.code-verified', true],
      ['support.code-verified', true],
      ['support.code-verified', false],
    ]);
    expect(JSON.stringify(w.audits)).not.toContain(code.slice(0, 4));
  });

  it('a member with no code on record never verifies', async () => {
    const w = world([member({ supportCodeHash: undefined })]);
    expect(await verifySupportCode({ memberId: 'm1', supportCode: supportCodeFor('m1', KEY) }, everywhere, w.deps, 'r')).toEqual({
      valid: false,
    });
  });

  it('is rate-limited per agent: over the limit, 429 — another agent is not affected', async () => {
    const w = world();
    for (let i = 0; i < SUPPORT_VERIFY_LIMIT.limit; i++)
      await verifySupportCode({ memberId: 'm1', supportCode: 'X' }, everywhere, w.deps, 'r');
    await expect(verifySupportCode({ memberId: 'm1', supportCode: 'X' }, everywhere, w.deps, 'r')).rejects.toMatchObject({ status: 429 });
    const other = agent(['support'], { support: 'all' }, 'agent-2');
    expect(await verifySupportCode({ memberId: 'm1', supportCode: 'X' }, other, w.deps, 'r')).toEqual({ valid: false });
  });

  it('out of the agent’s region: 403, audited as refused, and no answer about the code', async () => {
    const w = world([member({ institutionCode: 'TR000002' })]);
    await expect(verifySupportCode({ memberId: 'm1', supportCode: supportCodeFor('m1', KEY) }, central, w.deps, 'r')).rejects.toMatchObject(
      {
        status: 403,
        code: 'institution_out_of_scope',
      },
    );
    expectRefused(w.audits, 'support.code-verified');
    expect(w.audits.every((a) => a.outcome === 'refused')).toBe(true);
  });

  it('an unknown member: 404', async () => {
    await expect(verifySupportCode({ memberId: 'nobody', supportCode: 'X' }, everywhere, world().deps, 'r')).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('support desk: account status and audit trail', () => {
  it('shows state, masked phone, last 3 ID characters, lock, next deadline, delivery failure and Cognito status — no secret or hash', async () => {
    const w = world([
      member({
        deliveryFailure: { kind: 'sms-rejected', subType: 'OptedOut', at: NOW },
        activationLockedUntil: '2027-03-10T10:00:00.000Z',
      }),
    ]);
    const view = await memberStatus('m1', everywhere, w.deps, 'r');
    expect(view).toMatchObject({
      state: 'activated',
      phone: '+90*******567',
      nationalIdLast3: '123',
      institutionCode: 'TR000001',
      lotId: 'lot-1',
      activationLockedUntil: '2027-03-10T10:00:00.000Z',
      nextDeadline: { kind: 'password-warning', at: '2027-02-24T00:00:00.000Z', warningDays: 7 },
      deliveryFailure: { kind: 'sms-rejected' },
      supportCodeOnRecord: true,
      account: { enabled: true, status: 'CONFIRMED' },
    });
    const text = JSON.stringify(view);
    expect(text).not.toContain('1234567');
    expect(text).not.toContain(w.members.get('m1')?.supportCodeHash);
    expect(text).not.toContain('nidHmac');
    expect(w.audits).toContainEqual(
      expect.objectContaining({ action: 'support.member-viewed', actor: 'agent-1', target: 'm1', institution: 'TR000001' }),
    );
  });

  it('tolerates a member without an activation lock or an account', async () => {
    const w = world([member({ state: 'pending', passwordChangedAt: undefined, activatedAt: undefined })]);
    w.accounts.clear();
    expect(await memberStatus('m1', everywhere, w.deps, 'r')).toMatchObject({
      activationLockedUntil: null,
      account: null,
      nextDeadline: null,
      channelHold: null,
    });
  });

  it('says when a re-imported phone or alternate email is held, and until when (the profile’s hours after the change)', async () => {
    const changedAt = new Date(Date.parse(NOW) - 2 * 3_600_000).toISOString();
    const w = world([member({ phoneChangedAt: changedAt })]);
    const hours = w.deps.profile.channelChangeHoldHours;
    expect((await memberStatus('m1', everywhere, w.deps, 'r')).channelHold).toEqual({
      channels: ['phone'],
      clearsAt: new Date(Date.parse(changedAt) + hours * 3_600_000).toISOString(),
    });
    const confirmed = world([member({ phoneChangedAt: changedAt, channelChangeConfirmedAt: NOW })]);
    expect((await memberStatus('m1', everywhere, confirmed.deps, 'r')).channelHold).toBeNull();
  });

  it('reads the trail through the target index, the agent’s own look recorded first; out of region: 403 and refused', async () => {
    const w = world();
    const trail = await memberAuditTrail('m1', { limit: 10 }, everywhere, w.deps, 'r');
    expect(trail.items).toEqual([expect.objectContaining({ action: 'support.audit-viewed', actor: 'agent-1', at: NOW })]);
    const far = world([member({ institutionCode: 'TR000002' })]);
    await expect(memberAuditTrail('m1', { limit: 10 }, central, far.deps, 'r')).rejects.toMatchObject({ status: 403 });
    expectRefused(far.audits, 'support.audit-viewed');
  });
});

describe('support desk: unlock', () => {
  it('needs a reason (400 reason_required), before anything is read or changed', async () => {
    const w = world();
    w.accounts.set('ayse.yilmaz@meb.k12.tr', { enabled: false, status: 'CONFIRMED' });
    for (const reason of [undefined, '   ']) {
      await expect(unlockMember('m1', { reason }, everywhere, w.deps, 'r')).rejects.toMatchObject({
        status: 400,
        code: 'reason_required',
        field: 'body.reason',
      });
    }
    expect(w.accounts.get('ayse.yilmaz@meb.k12.tr')?.enabled).toBe(false);
    expect(w.audits).toEqual([]);
  });

  it('enables a disabled account and clears an activation lock, audited with the agent and the reason; state untouched', async () => {
    const w = world([member({ state: 'password-expired', activationLockedUntil: '2027-03-10T10:00:00.000Z' })]);
    w.accounts.set('ayse.yilmaz@meb.k12.tr', { enabled: false, status: 'CONFIRMED' });
    const out = await unlockMember('m1', { reason: 'caller verified by code, ticket 42' }, everywhere, w.deps, 'r');
    expect(out).toEqual({ memberId: 'm1', account: { enabled: true, wasEnabled: false }, activationLockCleared: true });
    expect(w.accounts.get('ayse.yilmaz@meb.k12.tr')?.enabled).toBe(true);
    expect(w.members.get('m1')).not.toHaveProperty('activationLockedUntil');
    expect(w.members.get('m1')?.state).toBe('password-expired');
    expect(w.audits).toEqual([
      expect.objectContaining({
        action: 'support.unlocked',
        actor: 'agent-1',
        role: 'support',
        outcome: 'success',
        reason: 'caller verified by code, ticket 42',
        details: { accountEnabled: true, lockCleared: true },
      }),
    ]);
  });

  it('an operator may unlock too (recorded as operator); a member with no account and no lock: nothing to do, still audited', async () => {
    const w = world([member({ state: 'notified' })]);
    w.accounts.clear();
    const out = await unlockMember('m1', { reason: 'x' }, agent(['operator'], {}), w.deps, 'r');
    expect(out).toEqual({ memberId: 'm1', account: null, activationLockCleared: false });
    expect(w.audits[0]).toMatchObject({ role: 'operator', details: { accountEnabled: false, lockCleared: false } });
  });

  it('a regional agent outside the region is refused, audited with the reason given', async () => {
    const w = world([member({ institutionCode: 'TR000002' })]);
    await expect(unlockMember('m1', { reason: 'x' }, central, w.deps, 'r')).rejects.toMatchObject({ status: 403 });
    expectRefused(w.audits, 'support.unlocked');
    expect(w.audits[0]?.reason).toBe('x');
  });
});

describe('support desk: reset and send a password (the delegated reset core)', () => {
  it('sends one SMS with a temporary password to the phone on record; the answer, audit and email never hold it', async () => {
    const w = world([member({ state: 'password-expired' })]);
    w.accounts.set('ayse.yilmaz@meb.k12.tr', { enabled: false, status: 'CONFIRMED' });
    const out = await resetMemberPassword('m1', { reason: 'locked out, ticket 7' }, everywhere, w.deps, 'r');
    const password = w.accounts.get('ayse.yilmaz@meb.k12.tr')?.password ?? 'missing';
    expect(w.sms).toHaveLength(1);
    expect(w.sms[0]?.phone).toBe('+905321234567');
    expect(w.sms[0]?.text).toContain(password);
    expect(out).toEqual({ memberId: 'm1', sentTo: '+90*******567', setAt: NOW, smsRejected: false, state: 'activated' });
    expect(w.accounts.get('ayse.yilmaz@meb.k12.tr')).toMatchObject({ enabled: true, status: 'FORCE_CHANGE_PASSWORD' });
    expect(w.signedOut).toEqual(['ayse.yilmaz@meb.k12.tr']); // every earlier session ended
    expect(w.audits).toEqual([
      expect.objectContaining({
        // A reset the desk made on a call, told apart from one an institution decided on a signed form.
        action: 'password.reset-by-support',
        actor: 'agent-1',
        role: 'support',
        reason: 'locked out, ticket 7',
        outcome: 'success',
      }),
    ]);
    expect(w.emails).toEqual([expect.objectContaining({ template: 'password-reset-done', to: 'ayse@example.com' })]);
    expect(JSON.stringify([out, w.audits, w.emails])).not.toContain(password);
  });

  it('a closed account reopens (counters moved) with the temporary-password deadline indexed', async () => {
    const w = world([member({ state: 'password-expired' })]);
    await resetMemberPassword('m1', { reason: 'r' }, everywhere, w.deps, 'r');
    const stored = w.members.get('m1');
    expect(stored).toMatchObject({ state: 'activated', temporaryPasswordSetAt: NOW });
    // The temporary password must be replaced within the profile's days.
    const due = new Date(Date.parse(NOW) + profile.temporaryPasswordDeadlineDays * 86_400_000).toISOString();
    expect(stored?.deadlineSk).toBe(`${due}#m1`);
    expect(stored?.deadlinePk?.startsWith(deadlinePartition(due.slice(0, 10), 0).slice(0, -1))).toBe(true);
    expect(w.counters).toEqual([{ scope: { lotId: 'lot-1', institutionCode: 'TR000001' }, delta: { expired: -1, activated: 1 } }]);
  });

  it('an open account keeps its state and its counts', async () => {
    const w = world([member({ state: 'notified', activatedAt: undefined })]);
    await resetMemberPassword('m1', { reason: 'r' }, everywhere, w.deps, 'r');
    expect(w.members.get('m1')?.state).toBe('notified');
    expect(w.counters.every((c) => Object.keys(c.delta).length === 0)).toBe(true);
  });

  it('a second reset of the same member within a minute: 429 reset_just_sent, still one SMS', async () => {
    const w = world();
    await resetMemberPassword('m1', { reason: 'r' }, everywhere, w.deps, 'r1');
    await expect(resetMemberPassword('m1', { reason: 'r' }, everywhere, w.deps, 'r2')).rejects.toMatchObject({
      status: 429,
      code: 'reset_just_sent',
    });
    expect(w.sms).toHaveLength(1);
  });

  it('nothing to reset: 409 and no SMS; no reason: 400; out of region: 403 refused, no SMS', async () => {
    const pending = world([member({ state: 'pending' })]);
    await expect(resetMemberPassword('m1', { reason: 'r' }, everywhere, pending.deps, 'r')).rejects.toMatchObject({ status: 409 });
    const noAccount = world([member({ state: 'notified' })]);
    noAccount.accounts.clear();
    await expect(resetMemberPassword('m1', { reason: 'r' }, everywhere, noAccount.deps, 'r')).rejects.toMatchObject({
      status: 409,
      code: 'no_account',
    });
    expect([...pending.sms, ...noAccount.sms]).toEqual([]);
    const w = world();
    await expect(resetMemberPassword('m1', {}, everywhere, w.deps, 'r')).rejects.toMatchObject({ code: 'reason_required' });
    const far = world([member({ institutionCode: 'TR000002' })]);
    await expect(resetMemberPassword('m1', { reason: 'r' }, central, far.deps, 'r')).rejects.toMatchObject({ status: 403 });
    expect(far.sms).toEqual([]);
    expectRefused(far.audits, 'password.reset-by-support');
  });
});

function mailboxWorld() {
  const boxes = new Map<string, SharedMailbox>();
  const changes = new Map<string, DelegationChange[]>();
  const store: SharedMailboxStore = {
    async register(box) {
      if (boxes.has(box.address)) return false;
      boxes.set(box.address, { ...box });
      return true;
    },
    get: async (a) => (boxes.has(a) ? { ...(boxes.get(a) as SharedMailbox) } : null),
    async switchModel(box, change) {
      const cur = boxes.get(box.address);
      if (!cur || cur.version !== box.version) return false;
      const seq = box.version + 1;
      boxes.set(box.address, { ...cur, model: change.to, version: seq, updatedAt: change.at, updatedBy: change.by });
      changes.set(box.address, [{ seq, from: cur.model, ...change }, ...(changes.get(box.address) ?? [])]);
      return true;
    },
    history: async (a, limit) => (changes.get(a) ?? []).slice(0, limit),
    async list(institutionCode, limit) {
      const all = [...boxes.values()]
        .filter((b) => !institutionCode || b.institutionCode === institutionCode)
        .sort((a, b) => `${a.institutionCode}#${a.address}`.localeCompare(`${b.institutionCode}#${b.address}`));
      return { items: all.slice(0, limit), nextCursor: all.length > limit ? 'more' : null };
    },
  };
  const { deps, audits } = world();
  return { deps: { ...deps, boxes: store }, audits, boxes };
}

describe('support desk: shared mailboxes', () => {
  const operator = agent(['operator'], {}, 'op-1');

  it('switches between rights and password, each switch recorded with who, when and why; a repeated switch changes nothing', async () => {
    const w = mailboxWorld();
    await registerSharedMailbox({ address: 'Segreteria@Scuola.it', institutionCode: 'TR000001', model: 'rights' }, operator, w.deps, 'r');
    const first = await setDelegation('segreteria@scuola.it', { model: 'password', reason: 'director asked' }, everywhere, w.deps, 'r');
    expect(first).toMatchObject({ model: 'password', changed: true, updatedBy: 'agent-1' });
    const again = await setDelegation('segreteria@scuola.it', { model: 'password', reason: 'retry' }, everywhere, w.deps, 'r');
    expect(again).toMatchObject({ changed: false });
    await setDelegation('segreteria@scuola.it', { model: 'rights', reason: 'back' }, central, w.deps, 'r');
    const read = await getSharedMailbox('segreteria@scuola.it', everywhere, w.deps, 'r');
    expect(read.model).toBe('rights');
    expect(read.history).toEqual([
      {
        seq: 2,
        from: 'password',
        to: 'rights',
        at: NOW,
        by: 'agent-central',
        byLogin: 'agent-central@posta',
        role: 'support',
        reason: 'back',
      },
      {
        seq: 1,
        from: 'rights',
        to: 'password',
        at: NOW,
        by: 'agent-1',
        byLogin: 'agent-1@posta',
        role: 'support',
        reason: 'director asked',
      },
    ]);
    expect(w.audits.filter((a) => a.action === 'support.delegation-switched').map((a) => a.details)).toEqual([
      { from: 'rights', to: 'password' },
      { from: 'password', to: 'rights' },
    ]);
  });

  it('needs a reason; unknown mailbox 404; registering twice 409; out of region 403 refused', async () => {
    const w = mailboxWorld();
    await expect(setDelegation('x@scuola.it', { model: 'rights', reason: 'r' }, everywhere, w.deps, 'r')).rejects.toMatchObject({
      status: 404,
    });
    await registerSharedMailbox({ address: 'x@scuola.it', institutionCode: 'TR000002', model: 'rights' }, operator, w.deps, 'r');
    await expect(
      registerSharedMailbox({ address: 'x@scuola.it', institutionCode: 'TR000002', model: 'rights' }, operator, w.deps, 'r'),
    ).rejects.toMatchObject({
      status: 409,
    });
    await expect(setDelegation('x@scuola.it', { model: 'password' }, everywhere, w.deps, 'r')).rejects.toMatchObject({
      code: 'reason_required',
    });
    await expect(setDelegation('x@scuola.it', { model: 'password', reason: 'r' }, central, w.deps, 'r')).rejects.toMatchObject({
      status: 403,
    });
    expectRefused(w.audits, 'support.delegation-switched');
    expect(w.boxes.get('x@scuola.it')?.model).toBe('rights');
  });

  it('two agents switching from the same read: the second gets 409 concurrent_change', async () => {
    const w = mailboxWorld();
    await registerSharedMailbox({ address: 'y@scuola.it', institutionCode: 'TR000001', model: 'rights' }, operator, w.deps, 'r');
    const stale = { ...(w.boxes.get('y@scuola.it') as SharedMailbox) };
    await setDelegation('y@scuola.it', { model: 'password', reason: 'r' }, everywhere, w.deps, 'r');
    const racing = { ...w.deps, boxes: { ...w.deps.boxes, get: async () => ({ ...stale }) } };
    await expect(setDelegation('y@scuola.it', { model: 'password', reason: 'r' }, central, racing, 'r')).rejects.toMatchObject({
      status: 409,
      code: 'concurrent_change',
    });
  });
});

describe('support desk: reports', () => {
  let reads: string[];
  beforeEach(() => {
    reads = [];
  });
  const counts = async (code: string) => {
    reads.push(code);
    return { pending: 1, accountCreated: 0, notified: 2, reNotified: 0, bounced: 0, activated: 3, expired: 0 };
  };

  it('reads the institution’s counters (one read) in scope; out of region 403, refused, nothing read', async () => {
    const { deps, audits } = world();
    expect(await progressReport('TR000001', central, { ...deps, progressOf: counts }, 'r')).toMatchObject({
      institutionCode: 'TR000001',
      counts: { activated: 3 },
    });
    await expect(progressReport('TR000002', central, { ...deps, progressOf: counts }, 'r')).rejects.toMatchObject({ status: 403 });
    expect(reads).toEqual(['TR000001']);
    expectRefused(audits, 'support.report-viewed');
  });
});

describe('support desk: the shared-mailbox list, within reach', () => {
  const operator = agent(['operator'], {}, 'op-1');

  async function registered() {
    const w = mailboxWorld();
    for (const [address, institutionCode] of [
      ['segreteria@tr1.it', 'TR000001'],
      ['presidenza@tr1.it', 'TR000001'],
      ['segreteria@tr2.it', 'TR000002'],
    ] as const) {
      await registerSharedMailbox({ address, institutionCode, model: 'rights' }, operator, w.deps, 'r');
    }
    w.audits.length = 0;
    return w;
  }

  it('operators and deployment-wide agents list every institution’s; a regional agent its region’s, by institution', async () => {
    const w = await registered();
    expect((await listSharedMailboxes({ limit: 10 }, operator, w.deps, 'r')).items.map((b) => b.address)).toEqual([
      'presidenza@tr1.it',
      'segreteria@tr1.it',
      'segreteria@tr2.it',
    ]);
    expect((await listSharedMailboxes({ limit: 10, institutionCode: 'TR000002' }, everywhere, w.deps, 'r')).items).toEqual([
      { address: 'segreteria@tr2.it', institutionCode: 'TR000002', model: 'rights', updatedAt: expect.any(String) },
    ]);
    expect((await listSharedMailboxes({ limit: 10, institutionCode: 'TR000001' }, central, w.deps, 'r')).items).toHaveLength(2);
    expect(w.audits.map((a) => [a.action, a.outcome])).toEqual([
      ['support.shared-mailboxes-listed', 'success'],
      ['support.shared-mailboxes-listed', 'success'],
      ['support.shared-mailboxes-listed', 'success'],
    ]);
  });

  it('another region’s institution is 403 and audited; a regional agent without an institution is 400', async () => {
    const w = await registered();
    await expect(listSharedMailboxes({ limit: 10, institutionCode: 'TR000002' }, central, w.deps, 'r')).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    expectRefused(w.audits, 'support.shared-mailboxes-listed');
    await expect(listSharedMailboxes({ limit: 10 }, central, w.deps, 'r')).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'query.institutionCode', code: 'institution_required' })],
    });
  });
});
