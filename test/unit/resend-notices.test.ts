import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
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
    const audits: AuditEntry[] = [];
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
      sms: { send: async () => 'id' },
      audit: { record: async (e) => void audits.push(e) },
      runId: 'run-1',
    });
    expect(sent.map((m) => [m.to, m.template, m.data.passwordExpired])).toEqual([
      ['m-late@istruzione.it', 'migration-reminder', true],
      ['m-early@istruzione.it', 'migration-reminder', false],
    ]);
    // Each reminder is on its member's audit trail.
    expect(audits.map((a) => [a.action, a.target, a.details?.reminderNumber])).toEqual([
      ['notice.resent', 'm-late', 1],
      ['notice.resent', 'm-early', 1],
    ]);
  });
});

describe('resendNotices: activation invitations (ru-moscow)', () => {
  const moscow = loadProfile('ru-moscow');
  const invited = (memberId: string, over: Partial<Member>): Member => ({
    ...member(memberId, ''),
    accountCreatedAt: undefined,
    lotId: undefined,
    locale: 'ru',
    oldAddress: null,
    activationWindowEndsAt: addDays(NOW, 30).toISOString(),
    ...over,
  });

  async function run(members: Map<string, Member>) {
    const sent: EmailMessage[] = [];
    const sms: string[] = [];
    const audits: AuditEntry[] = [];
    const filed: unknown[] = [];
    await resendNotices({
      members: {
        get: async (id) => members.get(id) ?? null,
        dueNotices: async (pk) => (pk.startsWith(`NOTICE#${NOW.toISOString().slice(0, 10)}#0`) ? [...members.keys()] : []),
        recordNotice: async (_id, _before, _at, next) => {
          filed.push(next);
          return true;
        },
      },
      enqueueEmail: async (m) => void sent.push(m),
      profile: moscow,
      clock: fixedClock(NOW.toISOString()),
      launchAt: async () => NOW.toISOString(),
      sms: {
        send: async (_to, text) => {
          sms.push(text);
          return 'id';
        },
      },
      audit: { record: async (e) => void audits.push(e) },
      runId: 'run-1',
    });
    return { sent, sms, audits, filed };
  }

  it('a member with an email address gets the invitation by email; one without, by SMS with the page and what to enter', async () => {
    const out = await run(
      new Map([
        ['m-mail', invited('m-mail', { alternateEmail: 'ivan@example.org' })],
        ['m-sms', invited('m-sms', { alternateEmail: null })],
      ]),
    );
    expect(out.sent.map((m) => [m.to, m.template, m.key])).toEqual([
      ['ivan@example.org', 'activation-notice', 'activation-notice#m-mail#2'],
    ]);
    expect(out.sms).toHaveLength(1);
    expect(out.sms[0]).toContain('https://lk.edu.mos.ru/activate');
    expect(out.sms[0]).toContain('СНИЛС');
    expect(out.audits.map((a) => [a.action, a.target, a.details?.email])).toEqual([
      ['activation.notice-resent', 'm-mail', true],
      ['activation.notice-resent', 'm-sms', false],
    ]);
    // The next one is filed a cadence on (the window is still open then).
    expect(out.filed).toEqual([expect.objectContaining({ duePk: expect.stringMatching(/^NOTICE#2027-02-17#/) }), expect.anything()]);
  });

  it('never past the window: a window closing before the next cadence files no further reminder', async () => {
    const out = await run(new Map([['m-1', invited('m-1', { activationWindowEndsAt: addDays(NOW, 3).toISOString() })]]));
    expect(out.sms).toHaveLength(1);
    expect(out.filed).toEqual([null]);
  });
});
