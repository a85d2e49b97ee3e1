import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor } from '../../shared/auth/scope';
import { fixedClock } from '../../shared/clock';
import { announceChannelChange, ChannelRecentlyChangedError, channelChanges, channelHold } from '../../shared/credentials/channel-change';
import type { HeldCredentialStore } from '../../shared/credentials/held-credential-store';
import { confirmChannelChange, releaseHeldCredentials } from '../../shared/credentials/held-credentials';
import { issueTemporaryPassword } from '../../shared/credentials/issue-temporary-password';
import type { EmailMessage } from '../../shared/email/email-message';
import { smsText } from '../../shared/i18n/sms-texts';
import type { ProvisionMessage } from '../../shared/lots/launch-lots';
import type { Member } from '../../shared/members/member';
import { loadProfile } from '../../shared/profiles';
import { prepareReset } from '../../shared/resets/reset-password';
import { SmsRejectedError } from '../../shared/sms/send-sms';
import { actorOf, held } from '../helpers/actors';

const profile = loadProfile('it-miur');
const CHANGED = '2027-03-01T09:00:00.000Z';
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(CHANGED) + ms);

const member = (over: Partial<Member> = {}): Member => ({
  memberId: 'm-1',
  nidHmac: 'h',
  nidLast3: '12A',
  givenName: 'Maria',
  familyName: 'Bianchi',
  phone: '+393471234567',
  institutionCode: 'DEMO001',
  category: 'teacher',
  oldAddress: 'maria.bianchi@istruzione.it',
  alternateEmail: 'maria@example.it',
  locale: 'it',
  address: 'maria.bianchi@posta.istruzione.it',
  state: 'notified',
  rowHash: 'r',
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  importJobId: 'j',
  accountCreatedAt: '2027-01-31T08:00:00.000Z',
  ...over,
});

describe('the channel-change hold', () => {
  it('holds a phone changed less than the profile’s hours ago; the end is exclusive; an operator’s later confirmation ends it', () => {
    const changed = { phoneChangedAt: CHANGED };
    expect(channelHold(changed, at(23 * HOUR), 24)).toEqual({ channels: ['phone'], clearsAt: '2027-03-02T09:00:00.000Z' });
    expect(channelHold(changed, at(24 * HOUR), 24)).toBeNull();
    expect(channelHold({ ...changed, channelChangeConfirmedAt: at(HOUR).toISOString() }, at(2 * HOUR), 24)).toBeNull();
    // A confirmation older than the change confirms nothing.
    expect(channelHold({ ...changed, channelChangeConfirmedAt: at(-HOUR).toISOString() }, at(HOUR), 24)).not.toBeNull();
    expect(channelHold(changed, at(HOUR), 0)).toBeNull();
    // The alternate email only when asked for, and the later end wins.
    const both = { phoneChangedAt: CHANGED, alternateEmailChangedAt: at(2 * HOUR).toISOString() };
    expect(channelHold(both, at(3 * HOUR), 24)?.channels).toEqual(['phone']);
    expect(channelHold(both, at(3 * HOUR), 24, ['phone', 'alternateEmail'])).toEqual({
      channels: ['phone', 'alternateEmail'],
      clearsAt: '2027-03-02T11:00:00.000Z',
    });
  });

  it('a re-import stamps only what changed (an alternate email appearing is a change)', () => {
    const before = member();
    expect(channelChanges(before, { phone: before.phone, alternateEmail: before.alternateEmail }, CHANGED)).toEqual({
      changed: [],
      stamps: {},
    });
    expect(channelChanges(before, { phone: '+393470000000', alternateEmail: before.alternateEmail }, CHANGED)).toEqual({
      changed: ['phone'],
      stamps: { phoneChangedAt: CHANGED },
    });
    expect(channelChanges({ ...before, alternateEmail: null }, { phone: before.phone, alternateEmail: 'new@example.it' }, CHANGED)).toEqual(
      {
        changed: ['alternateEmail'],
        stamps: { alternateEmailChangedAt: CHANGED },
      },
    );
  });

  it('the one credential path refuses a held phone before Cognito is touched: 409 with clearsAt', async () => {
    const calls: string[] = [];
    const deps = {
      directory: { setTemporaryPassword: async () => void calls.push('cognito') },
      sms: { send: async () => String(calls.push('sms')) },
      failures: { record: async () => 'recorded' as const },
      clock: fixedClock(at(HOUR).toISOString()),
      profile,
    };
    const error = await issueTemporaryPassword(member({ phoneChangedAt: CHANGED }), deps).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelRecentlyChangedError);
    expect(error).toMatchObject({ status: 409, code: 'channel_recently_changed', extensions: { clearsAt: '2027-03-02T09:00:00.000Z' } });
    expect(calls).toEqual([]);
    await issueTemporaryPassword(member({ phoneChangedAt: CHANGED, channelChangeConfirmedAt: at(HOUR).toISOString() }), deps);
    expect(calls).toEqual(['cognito', 'sms']);
  });

  it('resets (delegated and support) are refused before anything is claimed', async () => {
    const deps = {
      members: { get: async () => member({ phoneChangedAt: CHANGED }), advance: async () => true },
      accounts: {
        userStatus: async () => ({ enabled: true, status: 'CONFIRMED' }),
        enableUser: async () => undefined,
        signOutEverywhere: async () => undefined,
      },
      clock: fixedClock(at(HOUR).toISOString()),
      profile,
    };
    await expect(prepareReset('m-1', deps)).rejects.toMatchObject({ status: 409, code: 'channel_recently_changed' });
    await expect(prepareReset('m-1', { ...deps, clock: fixedClock(at(24 * HOUR).toISOString()) })).resolves.toMatchObject({
      memberId: 'm-1',
    });
  });
});

describe('the announcement', () => {
  function world() {
    const sms: Array<{ to: string; text: string }> = [];
    const emails: EmailMessage[] = [];
    let refuse = false;
    const deps = {
      sms: {
        async send(to: string, text: string) {
          if (refuse) throw new SmsRejectedError('InvalidParameter');
          sms.push({ to, text });
          return 'id';
        },
      },
      enqueueEmail: async (m: EmailMessage) => void emails.push(m),
      profile,
    };
    return { deps, sms, emails, refuseSms: () => (refuse = true) };
  }

  it('goes to the OLD phone and the OLD notice address of a member Posta has reached, in their language, once per import', async () => {
    const w = world();
    const before = member();
    expect(await announceChannelChange(before, ['phone', 'alternateEmail'], at(0), 'job-7', w.deps)).toBe('announced');
    expect(w.sms).toEqual([{ to: before.phone, text: smsText('contact-changed', 'it', { helpdeskPhone: profile.helpdesk.phone }) }]);
    expect(w.emails).toEqual([
      expect.objectContaining({
        key: 'contact-changed#m-1#job-7',
        template: 'contact-changed',
        to: 'maria@example.it',
        locale: 'it',
        data: expect.objectContaining({ phoneChanged: true, emailChanged: true, held: true, holdHours: 24, login: before.address }),
      }),
    ]);
    // Nothing of the new contact details travels in it.
    expect(JSON.stringify(w.emails)).not.toContain('+39347000');
  });

  it('says nothing to a member Posta has not reached yet, or when nothing changed; an old phone SNS refuses still gets the email', async () => {
    const w = world();
    expect(await announceChannelChange(member({ state: 'pending', accountCreatedAt: undefined }), ['phone'], at(0), 'j', w.deps)).toBe(
      'not-reached',
    );
    expect(await announceChannelChange(member(), [], at(0), 'j', w.deps)).toBe('not-reached');
    w.refuseSms();
    expect(await announceChannelChange(member({ alternateEmail: null }), ['phone'], at(0), 'j', w.deps)).toBe('announced');
    expect(w.sms).toEqual([]);
    expect(w.emails.map((e) => e.to)).toEqual(['maria.bianchi@istruzione.it']);
  });
});

describe('held provisioning and the operator’s confirmation', () => {
  function world(members: Member[]) {
    const byId = new Map(members.map((m) => [m.memberId, { ...m }]));
    const queued: ProvisionMessage[] = [];
    const audits: AuditEntry[] = [];
    const held: HeldCredentialStore = {
      async park(id, state, until) {
        const m = byId.get(id);
        if (!m || m.state !== state) return false;
        Object.assign(m, { credentialsHeldUntil: until, duePk: 'CREDENTIALS-HELD' });
        return true;
      },
      due: async (until) =>
        [...byId.values()]
          .filter((m) => m.duePk === 'CREDENTIALS-HELD' && (m.credentialsHeldUntil as string) <= until)
          .map((m) => ({ memberId: m.memberId, until: m.credentialsHeldUntil as string })),
      async unpark(id) {
        const m = byId.get(id);
        if (m?.duePk !== 'CREDENTIALS-HELD') return false;
        delete m.credentialsHeldUntil;
        delete m.duePk;
        return true;
      },
      async confirm(id, at) {
        const m = byId.get(id);
        if (m) m.channelChangeConfirmedAt = at;
        return Boolean(m);
      },
    };
    const syncedDone: string[] = [];
    const deps = (now: Date) => ({
      held,
      // The waiting members have no account yet (test/unit/recovery-phone.test.ts has those that do).
      directory: { setRecoveryPhone: async () => 'no-account' as const },
      recoveryPhones: {
        async done(e: { memberId: string }) {
          syncedDone.push(e.memberId);
          return true;
        },
      },
      members: { get: async (id: string) => structuredClone(byId.get(id) ?? null) },
      enqueue: async (m: ProvisionMessage) => void queued.push(m),
      audit: { record: async (e: AuditEntry) => void audits.push(e) },
      profile,
      clock: fixedClock(now.toISOString()),
    });
    return { byId, queued, audits, held, deps, syncedDone };
  }
  const waiting = (id: string, over: Partial<Member> = {}) =>
    member({
      memberId: id,
      state: 'pending',
      accountCreatedAt: undefined,
      lotId: 'lot-1',
      phoneChangedAt: CHANGED,
      credentialsHeldUntil: at(24 * HOUR).toISOString(),
      duePk: 'CREDENTIALS-HELD',
      ...over,
    });

  it('the schedule sends a waiting member back to the account queue once its hold is over, not before', async () => {
    const w = world([waiting('m-1')]);
    expect(await releaseHeldCredentials(w.deps(at(23 * HOUR)))).toEqual({ released: 0, stillHeld: 0, gone: 0 });
    expect(await releaseHeldCredentials(w.deps(at(24 * HOUR)))).toEqual({ released: 1, stillHeld: 0, gone: 0 });
    expect(w.queued).toEqual([{ lotId: 'lot-1', memberId: 'm-1' }]);
    expect(w.byId.get('m-1')?.duePk).toBeUndefined();
    expect(await releaseHeldCredentials(w.deps(at(25 * HOUR)))).toEqual({ released: 0, stillHeld: 0, gone: 0 });
  });

  it('a phone changed again meanwhile is held again; a member provisioned meanwhile just leaves the list', async () => {
    const again = waiting('m-2', { phoneChangedAt: at(20 * HOUR).toISOString() });
    const done = waiting('m-3', { state: 'notified' });
    const w = world([again, done]);
    expect(await releaseHeldCredentials(w.deps(at(24 * HOUR)))).toEqual({ released: 0, stillHeld: 1, gone: 1 });
    expect(w.byId.get('m-2')?.credentialsHeldUntil).toBe(at(44 * HOUR).toISOString());
    expect(w.queued).toEqual([]);
  });

  it('an operator’s confirmation ends the hold, releases a waiting member at once and is audited with the reason', async () => {
    const operator: Actor = actorOf('confirmChannelChange', [held('operator')], { sub: 'op-1', login: 'op' });
    const w = world([waiting('m-1'), member({ memberId: 'm-9' })]);
    const out = await confirmChannelChange('m-1', 'called the school, new phone confirmed', operator, 'r-1', w.deps(at(HOUR)));
    expect(out).toEqual({
      memberId: 'm-1',
      confirmedAt: at(HOUR).toISOString(),
      channels: ['phone'],
      released: true,
      recoveryPhone: 'no-account',
    });
    expect(w.syncedDone).toEqual(['m-1']);
    expect(w.queued).toEqual([{ lotId: 'lot-1', memberId: 'm-1' }]);
    expect(w.audits).toEqual([
      expect.objectContaining({
        actor: 'op-1',
        role: 'operator',
        action: 'member.channel-change-confirmed',
        target: 'm-1',
        institution: 'DEMO001',
        reason: 'called the school, new phone confirmed',
        details: { channels: 'phone', heldUntil: at(24 * HOUR).toISOString(), released: true, recoveryPhone: 'no-account' },
      }),
    ]);
    expect(channelHold(w.byId.get('m-1') as Member, at(HOUR), 24)).toBeNull();
    // Nothing held: 409; no member: 404.
    await expect(confirmChannelChange('m-9', 'x'.repeat(3), operator, 'r', w.deps(at(HOUR)))).rejects.toMatchObject({
      status: 409,
      code: 'channel_change_not_held',
    });
    await expect(confirmChannelChange('m-0', 'xxx', operator, 'r', w.deps(at(HOUR)))).rejects.toMatchObject({ status: 404 });
  });
});
