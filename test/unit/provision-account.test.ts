import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import { hashSupportCode, supportCodeFor } from '../../shared/identity/support-code';
import { provisionAccount } from '../../shared/lots/provision-account';
import type { Member } from '../../shared/members/member';
import { loadProfile, type ProfileId } from '../../shared/profiles';

const KEY = 'k'.repeat(40);

function world(profileId: ProfileId, over: Partial<Member> = {}) {
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
  const updates: Array<Partial<Member>> = [];
  let passwordSet = '';
  const deps = {
    members: {
      get: async () => ({ ...member }),
      async advance(_id: string, _from: Member['state'][], set: Partial<Member>, progress?: unknown) {
        updates.push({ ...set, progress } as Partial<Member>);
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
    },
    sms: {
      async send(to: string, text: string) {
        sms.push({ to, text });
        return 'id';
      },
    },
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    profile: loadProfile(profileId),
    clock: fixedClock('2027-01-31T08:00:00Z'),
    supportCodeKey: KEY,
    launchAt: async () => '2027-01-31T08:00:00.000Z',
  };
  return { deps, calls, sms, emails, updates, password: () => passwordSet };
}

describe('provisionAccount', () => {
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
      expect.objectContaining({ key: 'notice#m-1#1', template: 'migration-notice', locale: 'it', to: 'mario.rossi@istruzione.it' }),
    ]);
    expect(w.emails[0]?.data.supportCode).toBe(supportCodeFor('m-1', KEY));
    expect(w.updates[0]).toMatchObject({
      state: 'notified',
      noticesSent: 1,
      supportCodeHash: hashSupportCode(supportCodeFor('m-1', KEY), KEY),
    });
    // The canary: the password is in the Cognito call and the SMS, nowhere else.
    expect(JSON.stringify([w.emails, w.updates])).not.toContain(w.password());
  });

  it('activation profiles: no account yet, an SMS and an email invitation, and the window opens', async () => {
    const w = world('ru-moscow');
    await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps);
    expect(w.calls).toEqual([]);
    expect(w.sms).toHaveLength(1);
    expect(w.emails).toEqual([expect.objectContaining({ key: 'activation-notice#m-1#1', template: 'activation-notice', locale: 'ru' })]);
    expect(w.emails[0]?.data).toMatchObject({
      activationDays: 60,
      nationalIdName: 'СНИЛС',
      activationUrl: 'https://lk.edu.mos.ru/activate',
    });
    expect(w.updates[0]).toMatchObject({ state: 'notified', activationWindowEndsAt: '2027-04-01T08:00:00.000Z' });
  });

  it('does nothing for a member already provisioned or in another lot', async () => {
    for (const over of [{ state: 'notified' as const }, { lotId: 'other' }]) {
      const w = world('tr-meb', over);
      expect(await provisionAccount({ lotId: 'lot-1', memberId: 'm-1' }, w.deps)).toBe('skipped');
      expect([...w.calls, ...w.sms, ...w.emails]).toEqual([]);
    }
  });
});
