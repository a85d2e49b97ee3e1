import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import { attemptOf, type DeliveryClaim, UnrecordedSendError } from '../../shared/delivery/delivery-claims';
import type { DeliveryFailure } from '../../shared/delivery/delivery-failure';
import { PATIENCE_MS } from '../../shared/delivery/outage';
import type { EmailMessage } from '../../shared/email/email-message';
import { hashSupportCode, supportCodeFor } from '../../shared/identity/support-code';
import { provisionAccount } from '../../shared/lots/provision-account';
import type { Member } from '../../shared/members/member';
import { loadProfile, type ProfileId } from '../../shared/profiles';
import { SmsRejectedError } from '../../shared/sms/send-sms';
import { memoryClaims } from '../helpers/memory-claims';

const KEY = 'k'.repeat(40);

function world(profileId: ProfileId, over: Partial<Member> = {}, smsFails?: Error, claimed: Record<string, DeliveryClaim> = {}) {
  const member: Member = {
    memberId: 'm-1',
    nidHmac: 'h',
    nidLast3: '123',
    givenName: 'Ivan',
    familyName: 'Petrov',
    phone: '+79123456789',
    institutionCode: 'SCH1234',
    category: 'teacher',
    oldAddress: null,
    alternateEmail: 'ivan@example.org',
    locale: 'ru',
    address: 'ivan.petrov@edu.mos.ru',
    state: 'pending',
    rowHash: 'r',
    createdAt: '',
    updatedAt: '',
    importJobId: 'j',
    lotId: 'lot-1',
    ...over,
  };
  const calls: string[] = [];
  const sms: Array<{ to: string; text: string }> = [];
  const emails: EmailMessage[] = [];
  const updates: Array<Partial<Member> & { from?: Member['state'][] }> = [];
  const failures: Array<{ memberId: string; failure: DeliveryFailure }> = [];
  const audits: AuditEntry[] = [];
  const parked: Array<{ memberId: string; until: string }> = [];
  let passwordSet = '';
  const account = { status: 'FORCE_CHANGE_PASSWORD' };
  const { claims, items } = memoryClaims(claimed);
  const deps = {
    members: {
      get: async () => ({ ...member }),
      async advance(_id: string, from: Member['state'][], set: Partial<Member>, progress?: unknown) {
        updates.push({ ...set, from, progress } as Partial<Member>);
        return true;
      },
    },
    directory: {
      async createUser(u: string) {
        calls.push(`create ${u}`);
        return 'created' as const;
      },
      setTemporaryPassword: async (u: string, p: string) => {
        calls.push(`password ${u}`);
        passwordSet = p;
      },
      userStatus: async () => ({ enabled: true, status: account.status }),
    },
    claims,
    passwordKey: Buffer.alloc(32, 7),
    sms: {
      async send(to: string, text: string) {
        if (smsFails) throw smsFails;
        sms.push({ to, text });
        return 'id';
      },
    },
    failures: {
      async record(memberId: string, failure: DeliveryFailure) {
        failures.push({ memberId, failure });
        return 'recorded' as const;
      },
    },
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    profile: loadProfile(profileId),
    clock: fixedClock('2027-01-31T08:00:00Z'),
    supportCodeKey: KEY,
    launchAt: async () => '2027-01-31T08:00:00.000Z',
    audit: { record: async (e: AuditEntry) => void audits.push(e) },
    held: { park: async (memberId: string, _state: Member['state'], until: string) => parked.push({ memberId, until }) > 0 },
  };
  return { deps, calls, sms, emails, updates, failures, audits, parked, account, claims: items, password: () => passwordSet };
}

describe('provisionAccount', () => {
  it('a phone a re-import changed within the hold: nothing created or sent, the member waits until the hold ends', async () => {
    const w = world('it-miur', { phoneChangedAt: '2027-01-31T07:00:00.000Z' });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('held');
    expect([w.calls, w.sms, w.emails, w.updates]).toEqual([[], [], [], []]);
    expect(w.parked).toEqual([{ memberId: 'm-1', until: '2027-02-01T07:00:00.000Z' }]);
    // Confirmed by an operator after the change, or the hold over: provisioned as usual.
    const confirmed = world('it-miur', {
      phoneChangedAt: '2027-01-31T07:00:00.000Z',
      channelChangeConfirmedAt: '2027-01-31T07:30:00.000Z',
    });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, confirmed.deps)).toBe('provisioned');
    const over = world('it-miur', { phoneChangedAt: '2027-01-30T08:00:00.000Z' });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, over.deps)).toBe('provisioned');
    expect(over.parked).toEqual([]);
  });

  it('temporary-password profiles: account, password by SMS only, notice by email with the support code', async () => {
    const w = world('it-miur', {
      locale: 'it',
      phone: '+393471234567',
      oldAddress: 'mario.rossi@istruzione.it',
      address: 'mario.rossi@posta.istruzione.it',
    });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.calls).toEqual(['create mario.rossi@posta.istruzione.it', 'password mario.rossi@posta.istruzione.it']);
    expect(w.sms).toHaveLength(1);
    expect(w.sms[0]?.to).toBe('+393471234567');
    expect(w.sms[0]?.text).toContain(w.password());
    expect(w.emails).toEqual([
      expect.objectContaining({
        key: 'notice#m-1#1',
        template: 'migration-notice',
        locale: 'it',
        to: 'mario.rossi@istruzione.it',
        memberId: 'm-1',
      }),
    ]);
    // The support code is not in the queued message: the email consumer inserts it at send time.
    expect(w.emails[0]?.data.supportCode).toBeUndefined();
    expect(JSON.stringify(w.emails)).not.toContain(supportCodeFor('m-1', KEY));
    // pending → account-created (once the Cognito account exists) → notified, counters moving with each step.
    expect(w.updates[0]).toMatchObject({
      from: ['pending'],
      state: 'account-created',
      progress: { scope: { lotId: 'lot-1', institutionCode: 'SCH1234' }, delta: { pending: -1, accountCreated: 1 } },
    });
    expect(w.updates[1]).toMatchObject({
      from: ['account-created'],
      progress: { delta: { accountCreated: -1, notified: 1 } },
      duePk: expect.any(String),
      state: 'notified',
      noticesSent: 1,
      supportCodeHash: hashSupportCode(supportCodeFor('m-1', KEY), KEY),
    });
    // The canary: the password is in the Cognito call and the SMS, nowhere else.
    expect(JSON.stringify([w.emails, w.updates, w.audits])).not.toContain(w.password());
    // The notice is on the member's own audit trail (by target), without its content.
    expect(w.audits).toEqual([
      expect.objectContaining({
        action: 'notice.sent',
        target: 'm-1',
        institution: 'SCH1234',
        actor: 'system:provision',
        outcome: 'success',
      }),
    ]);
  });

  it('activation profiles: no account yet, an SMS and an email invitation, and the window opens', async () => {
    const w = world('ru-moscow');
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps);
    expect(w.calls).toEqual([]);
    expect(w.sms).toHaveLength(1);
    expect(w.emails).toEqual([expect.objectContaining({ key: 'activation-notice#m-1#1', template: 'activation-notice', locale: 'ru' })]);
    expect(w.emails[0]?.data).toMatchObject({
      smsRefused: false,
      activationDays: 60,
      nationalIdName: 'СНИЛС',
      activationUrl: 'https://lk.edu.mos.ru/activate',
    });
    expect(w.updates[0]).toMatchObject({
      state: 'notified',
      activationWindowEndsAt: '2027-04-01T08:00:00.000Z',
      progress: { delta: { pending: -1, notified: 1 } },
    });
    expect(w.emails[0]?.memberId).toBe('m-1');
    // The SMS points at the activation page itself, not at "instructions in the email".
    expect(w.sms[0]?.text).toContain('https://lk.edu.mos.ru/activate');
    expect(w.audits.map((a) => [a.action, a.target])).toEqual([['activation.notice-sent', 'm-1']]);
  });

  it('activation profiles: a member without an email address gets everything by SMS, and is reminded at the cadence', async () => {
    const w = world('ru-moscow', { alternateEmail: null, oldAddress: null });
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps);
    expect(w.emails).toEqual([]);
    expect(w.sms).toHaveLength(1);
    expect(w.sms[0]?.text).toContain('https://lk.edu.mos.ru/activate');
    expect(w.sms[0]?.text).toContain('СНИЛС');
    // One notice sent (the SMS), and its re-delivery filed in the due index like any invitation's.
    expect(w.updates[0]).toMatchObject({ noticesSent: 1, duePk: expect.stringMatching(/^NOTICE#2027-02-07#\d$/) });
    expect(w.audits[0]?.details).toMatchObject({ email: false });
  });

  it('a redelivery that finds the account created and no SMS claimed: the password by SMS, the notice, then notified', async () => {
    const w = world('it-miur', { state: 'account-created', locale: 'it', oldAddress: 'mario.rossi@istruzione.it' });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.calls).toEqual(['password ivan.petrov@edu.mos.ru']);
    expect(w.sms).toHaveLength(1);
    expect(w.emails).toHaveLength(1);
    expect(w.updates).toEqual([expect.objectContaining({ from: ['account-created'], state: 'notified' })]);
    // The claim ends `sent`, without the nonce the password could be derived from.
    expect(w.claims.get('m-1|launch#lot-1')).toEqual({
      state: 'sent',
      claimedAt: '2027-01-31T08:00:00.000Z',
      setAt: '2027-01-31T08:00:00.000Z',
      smsRejected: false,
    });
  });

  it('a redelivery after the SMS was recorded sends nothing again: no new password, the notice and the state follow', async () => {
    const done: DeliveryClaim = {
      state: 'sent',
      claimedAt: '2027-01-31T07:59:00.000Z',
      setAt: '2027-01-31T07:59:01.000Z',
      smsRejected: false,
    };
    const w = world('it-miur', { state: 'account-created', oldAddress: 'a@istruzione.it' }, undefined, { 'm-1|launch#lot-1': done });
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect([...w.calls, ...w.sms]).toEqual([]);
    expect(w.emails).toHaveLength(1);
    expect(w.updates).toEqual([expect.objectContaining({ state: 'notified', temporaryPasswordSetAt: '2027-01-31T07:59:01.000Z' })]);
  });

  it('a crash between the claim and its `sent` write: the retry sends the same password, never a different one', async () => {
    const first = world('it-miur', { state: 'account-created' });
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, first.deps);
    const nonce = 'n'.repeat(22);
    // Two worlds whose claims were left `sending` by the same crashed attempt derive the same password.
    const left: DeliveryClaim = { state: 'sending', nonce, claimedAt: '2027-01-31T07:59:00.000Z' };
    const a = world('it-miur', { state: 'account-created' }, undefined, { 'm-1|launch#lot-1': left });
    const b = world('it-miur', { state: 'account-created' }, undefined, { 'm-1|launch#lot-1': left });
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, a.deps);
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, b.deps);
    expect(a.password()).toBe(b.password());
    expect(a.sms[0]?.text).toBe(b.sms[0]?.text);
    expect(a.password()).not.toBe(first.password());
    // Another member, or another launch, with the same nonce gets another password.
    const other = world('it-miur', { state: 'account-created', memberId: 'm-2' }, undefined, { 'm-2|launch#lot-1': left });
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-2' }, other.deps);
    expect(other.password()).not.toBe(a.password());
    expect(a.claims.get('m-1|launch#lot-1')).toMatchObject({ state: 'sent' });
    expect(a.claims.get('m-1|launch#lot-1')?.nonce).toBeUndefined();
  });

  it('an unfinished step whose member already chose a password is closed without setting one over it', async () => {
    const left: DeliveryClaim = { state: 'sending', nonce: 'x', claimedAt: '2027-01-31T07:59:00.000Z' };
    const w = world('it-miur', { state: 'account-created' }, undefined, { 'm-1|launch#lot-1': left });
    w.account.status = 'CONFIRMED';
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect([...w.calls, ...w.sms]).toEqual([]);
    expect(w.claims.get('m-1|launch#lot-1')).toMatchObject({ state: 'sent', setAt: '2027-01-31T07:59:00.000Z' });
  });

  it('the `sent` write waits out a short DynamoDB outage instead of leaving the step to be sent again', async () => {
    const w = world('it-miur', { state: 'account-created' });
    const complete = w.deps.claims.complete;
    let refusals = 2;
    w.deps.claims.complete = async (...args) => {
      if (refusals-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' });
      return complete(...args);
    };
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.sms).toHaveLength(1);
    expect(w.claims.get('m-1|launch#lot-1')).toMatchObject({ state: 'sent' });
  });

  it('DynamoDB out for longer than the patience after the SMS: a receipt is handed on, and its follow-up marks the step sent without a second SMS', async () => {
    vi.useFakeTimers();
    try {
      const w = world('it-miur', { state: 'account-created' });
      const complete = w.deps.claims.complete;
      w.deps.claims.complete = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' });
      };
      const failed = provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(PATIENCE_MS + 5_000);
      const error = (await failed) as UnrecordedSendError;
      expect(error).toBeInstanceOf(UnrecordedSendError);
      expect(error.receipt).toEqual({
        step: 'launch#lot-1',
        attempt: expect.any(String),
        setAt: '2027-01-31T08:00:00.000Z',
        smsRejected: false,
      });
      // The receipt names the attempt by a hash: the nonce never travels.
      const nonce = w.claims.get('m-1|launch#lot-1')?.nonce ?? '';
      expect(JSON.stringify(error.receipt)).not.toContain(nonce);
      expect(w.sms).toHaveLength(1);

      w.deps.claims.complete = complete;
      expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1', receipt: error.receipt }, w.deps)).toBe('provisioned');
      expect(w.sms).toHaveLength(1);
      expect(w.claims.get('m-1|launch#lot-1')).toMatchObject({ state: 'sent', setAt: '2027-01-31T08:00:00.000Z' });
      expect(w.updates.at(-1)).toMatchObject({ state: 'notified' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a receipt of another attempt settles nothing: the step is re-sent with its own password', async () => {
    const left: DeliveryClaim = { state: 'sending', nonce: 'mine', claimedAt: '2027-01-31T07:59:00.000Z' };
    const w = world('it-miur', { state: 'account-created' }, undefined, { 'm-1|launch#lot-1': left });
    const receipt = { step: 'launch#lot-1', attempt: attemptOf('someone-else'), setAt: '2027-01-31T07:59:00.000Z', smsRejected: false };
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1', receipt }, w.deps);
    expect(w.sms).toHaveLength(1);
  });

  it('a retry after the notice was queued (the state write failed) queues no second message with its key', async () => {
    const w = world('it-miur', { state: 'account-created', oldAddress: 'a@istruzione.it' });
    const advance = w.deps.members.advance;
    w.deps.members.advance = async () => {
      throw Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
    };
    await expect(provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    w.deps.members.advance = advance;
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.emails).toHaveLength(1);
    expect(w.sms).toHaveLength(1);
    expect(w.updates.at(-1)).toMatchObject({ state: 'notified' });
  });

  it('activation invitations are claimed too: a redelivery after the SMS sends no second invitation', async () => {
    const w = world('ru-moscow');
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps);
    const again = world('ru-moscow', {}, undefined, Object.fromEntries(w.claims));
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, again.deps);
    expect(w.sms).toHaveLength(1);
    expect(again.sms).toHaveLength(0);
    expect(again.updates).toEqual([expect.objectContaining({ state: 'notified' })]);
  });

  it('stops when a concurrent delivery moved the member first', async () => {
    const w = world('tr-meb');
    w.deps.members.advance = async () => false;
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('skipped');
    expect([...w.sms, ...w.emails]).toEqual([]);
  });

  it('a phone number SNS refuses is recorded against the member; the notice still goes, with no reminders', async () => {
    const w = world('it-miur', { oldAddress: 'mario.rossi@istruzione.it' }, new SmsRejectedError('OptedOutException'));
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.failures).toEqual([
      { memberId: 'm-1', failure: { kind: 'sms-rejected', subType: 'OptedOutException', at: '2027-01-31T08:00:00.000Z' } },
    ]);
    expect(w.emails).toHaveLength(1);
    // The notice says the password did not come (issue #17), instead of announcing an SMS.
    expect(w.emails[0]?.data).toMatchObject({ smsRefused: true });
    expect(w.updates[1]).toMatchObject({ state: 'notified' });
    expect(w.updates[1]?.duePk).toBeUndefined();
  });

  it('an activation invitation to a number SNS refuses is recorded, and the email says so; the window still opens', async () => {
    const w = world('ru-moscow', {}, new SmsRejectedError('OptedOutException'));
    expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('provisioned');
    expect(w.failures.map((f) => f.failure.kind)).toEqual(['sms-rejected']);
    expect(w.emails[0]).toMatchObject({ template: 'activation-notice', data: { smsRefused: true } });
    expect(w.updates[0]).toMatchObject({ state: 'notified' });
  });

  it('an SMS throttled or failing otherwise fails the message (retried), nothing recorded', async () => {
    const w = world('it-miur', {}, Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    await expect(provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).rejects.toMatchObject({ name: 'ThrottledException' });
    expect(w.failures).toEqual([]);
    expect(w.updates.map((u) => u.state)).toEqual(['account-created']);
  });

  it('does nothing for a member already provisioned or in another lot', async () => {
    for (const over of [{ state: 'notified' as const }, { lotId: 'other' }]) {
      const w = world('tr-meb', over);
      expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('skipped');
      expect([...w.calls, ...w.sms, ...w.emails]).toEqual([]);
    }
  });
});
