import { describe, expect, it } from 'vitest';
import { addDays, fixedClock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import { resendNotices, temporaryPasswordExpired } from '../../shared/notices/resend-notices';
import { loadProfile } from '../../shared/profiles';

const profile = loadProfile('it-miur');
const NOW = new Date('2027-02-10T06:00:00.000Z');

function member(memberId: string, accountCreatedAt: string): Member {
  return {
    memberId,
    nidHmac: 'x',
    nidLast3: '12A',
    givenName: 'Maria',
    familyName: 'Bianchi',
    phone: '+393331234567',
    institutionCode: 'RMIC00001',
    category: 'teacher',
    oldAddress: `${memberId}@istruzione.it`,
    alternateEmail: null,
    locale: 'it',
    address: `${memberId}@posta.istruzione.it`,
    state: 'notified',
    rowHash: 'h',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    importJobId: 'j',
    lotId: 'l1',
    noticesSent: 1,
    accountCreatedAt,
  };
}

describe('temporaryPasswordExpired', () => {
  const days = profile.temporaryPasswordDeadlineDays;
  it('is true from the deadline after the account was created, false before and without an account', () => {
    expect(temporaryPasswordExpired({ accountCreatedAt: addDays(NOW, -days).toISOString() }, profile, NOW)).toBe(true);
    expect(temporaryPasswordExpired({ accountCreatedAt: new Date(addDays(NOW, -days).getTime() + 1000).toISOString() }, profile, NOW)).toBe(
      false,
    );
    expect(temporaryPasswordExpired({}, profile, NOW)).toBe(false);
  });
});

describe('resendNotices', () => {
  it('tells a member past the temporary-password deadline that the password expired, and the others that it still works', async () => {
    const members = new Map([
      ['m-late', member('m-late', addDays(NOW, -(profile.temporaryPasswordDeadlineDays + 1)).toISOString())],
      ['m-early', member('m-early', addDays(NOW, -1).toISOString())],
    ]);
    const sent: EmailMessage[] = [];
    await resendNotices({
      members: {
        get: async (id) => members.get(id) ?? null,
        dueNotices: async (pk) => (pk.startsWith(`NOTICE#${NOW.toISOString().slice(0, 10)}#0`) ? [...members.keys()] : []),
        recordNotice: async () => true,
      },
      enqueueEmail: async (m) => void sent.push(m),
      profile,
      clock: fixedClock(NOW.toISOString()),
      launchAt: async () => '2027-01-31T08:00:00.000Z',
    });
    expect(sent.map((m) => [m.to, m.template, m.data.passwordExpired])).toEqual([
      ['m-late@istruzione.it', 'migration-reminder', true],
      ['m-early@istruzione.it', 'migration-reminder', false],
    ]);
  });
});
