import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import { type CloudTrailEvent, capturePasswordEvent, interpret } from '../../shared/passwords/cloudtrail-password-events';
import { loadProfile } from '../../shared/profiles';

const tr = loadProfile('tr-meb');
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const event = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  over: Partial<CloudTrailEvent['detail']> = {},
): CloudTrailEvent => ({
  'detail-type': 'AWS API Call via CloudTrail',
  detail: { eventName, eventTime: '2027-03-10T12:00:00Z', eventID: 'ev-1', requestParameters, ...over },
});

describe('interpret (CloudTrail password events)', () => {
  it('takes the username where Cognito logs it, and the sub where only that is given', () => {
    expect(interpret(event('ConfirmForgotPassword', { clientId: 'c', username: 'a@meb.k12.tr', password: HIDDEN }))).toMatchObject({
      action: 'record',
      kind: 'password.reset',
      user: { login: 'a@meb.k12.tr' },
      at: '2027-03-10T12:00:00.000Z',
    });
    expect(interpret(event('AdminSetUserPassword', { userPoolId: 'p', username: 'a@meb.k12.tr', permanent: true }))).toMatchObject({
      action: 'record',
      kind: 'password.reset',
    });
    expect(interpret(event('ChangePassword', { accessToken: HIDDEN }, { additionalEventData: { sub: 'sub-1' } }))).toMatchObject({
      action: 'record',
      kind: 'password.changed',
      user: { sub: 'sub-1' },
    });
  });

  it('ignores what is not a chosen password, failed calls, and events that do not say who', () => {
    expect(interpret(event('AdminSetUserPassword', { username: 'a@meb.k12.tr', permanent: false }))).toEqual({
      action: 'ignore',
      reason: 'temporary-password',
    });
    expect(interpret(event('ConfirmForgotPassword', { username: 'a' }, { errorCode: 'CodeMismatchException' }))).toMatchObject({
      action: 'ignore',
    });
    expect(interpret(event('ChangePassword', { accessToken: HIDDEN }))).toEqual({ action: 'ignore', reason: 'user-not-in-event' });
    expect(interpret(event('RespondToAuthChallenge', { challengeName: 'SMS_MFA', username: 'a' }))).toMatchObject({ action: 'ignore' });
    expect(interpret(event('ConfirmForgotPassword', { username: HIDDEN }))).toMatchObject({ action: 'ignore' });
  });
});

describe('capturePasswordEvent', () => {
  const member = (passwordChangedAt?: string) =>
    ({
      memberId: 'm1',
      address: 'a@meb.k12.tr',
      state: 'activated',
      institutionCode: 'OKUL1',
      locale: 'tr',
      givenName: 'A',
      alternateEmail: 'a@example.com',
      oldAddress: null,
      passwordChangedAt,
    }) as Member;

  function deps(stored: Member, others: Member[] = []) {
    const writes: Array<{ at: string; deadlineSk?: string }> = [];
    const emails: EmailMessage[] = [];
    const audits: AuditEntry[] = [];
    return {
      writes,
      emails,
      audits,
      deps: {
        records: {
          memberByLogin: async (login: string) => (login === stored.address ? stored : null),
          memberById: async (id: string) => [stored, ...others].find((m) => m.memberId === id) ?? null,
          recordChange: async (_id: string, at: string, deadline: { set: { deadlineSk?: string } }) => {
            writes.push({ at, deadlineSk: deadline.set.deadlineSk });
            stored.passwordChangedAt = at;
            return true;
          },
        },
        audit: { record: async (e: AuditEntry) => void audits.push(e) },
        enqueueEmail: async (m: EmailMessage) => void emails.push(m),
        profile: tr,
        clock: fixedClock('2030-01-01T00:00:00Z'),
        loginOfSub: async (sub: string) => (sub === 'sub-1' ? 'a@meb.k12.tr' : null),
      },
    };
  }

  it('records a change Posta did not see as of the event time, re-files the deadline, and skips it when redelivered', async () => {
    const stored = member('2027-02-01T00:00:00.000Z');
    const d = deps(stored);
    const e = event('ChangePassword', { accessToken: HIDDEN }, { additionalEventData: { sub: 'sub-1' } });
    expect(await capturePasswordEvent(e, d.deps)).toBe('recorded');
    expect(await capturePasswordEvent(e, d.deps)).toBe('already-recorded');
    // The 7-day warning of the new password (30 - 7 = day 23 after the event).
    expect(d.writes).toEqual([{ at: '2027-03-10T12:00:00.000Z', deadlineSk: '2027-04-02T12:00:00.000Z#m1' }]);
    expect(d.emails.map((m) => [m.template, m.key])).toEqual([['password-changed', 'password.changed#m1#ev-1']]);
    expect(d.audits.map((a) => [a.action, a.actor])).toEqual([['password.changed', 'cognito:ChangePassword']]);
  });

  it('an institution mailbox changing its password at the webmail: its responsible person is told, in their language, at their address; nobody when they left', async () => {
    const mailbox = {
      ...member(),
      memberId: 'mb-1',
      kind: 'institution-mailbox',
      address: 'mudurluk.okul1@meb.k12.tr',
      givenName: 'Okul 1 Müdürlüğü',
      locale: 'tr',
      alternateEmail: null,
      phone: '',
      responsibleMemberId: 'm7',
    } as Member;
    const person = {
      ...member(),
      memberId: 'm7',
      address: 'ayse@meb.k12.tr',
      givenName: 'Ayşe',
      locale: 'en',
      phone: '+905321234567',
      alternateEmail: 'ayse@example.com',
    } as Member;
    const d = deps(mailbox, [person]);
    const e = event('ChangePassword', { accessToken: HIDDEN }, { additionalEventData: { sub: 'sub-1' } });
    expect(await capturePasswordEvent(e, { ...d.deps, loginOfSub: async () => mailbox.address })).toBe('recorded');
    expect(d.emails).toEqual([
      expect.objectContaining({
        template: 'password-changed',
        to: 'ayse@example.com',
        locale: 'en',
        memberId: 'mb-1',
        data: expect.objectContaining({ givenName: 'Ayşe', login: 'mudurluk.okul1@meb.k12.tr' }),
      }),
    ]);
    expect(d.audits[0]?.details).toMatchObject({ notifiedByEmail: true });

    // The responsible person left the institution: the change is recorded, nobody is told.
    const left = deps({ ...mailbox, passwordChangedAt: undefined }, [{ ...person, institutionCode: 'OKUL2' }]);
    expect(await capturePasswordEvent(e, { ...left.deps, loginOfSub: async () => mailbox.address })).toBe('recorded');
    expect(left.emails).toEqual([]);
    expect(left.audits[0]?.details).toMatchObject({ notifiedByEmail: false });
  });

  it('leaves a change Posta recorded itself (a few seconds after the call) alone', async () => {
    const d = deps(member('2027-03-10T12:00:01.500Z'));
    expect(await capturePasswordEvent(event('ConfirmForgotPassword', { username: 'a@meb.k12.tr' }), d.deps)).toBe('already-recorded');
    expect(d.writes).toEqual([]);
    expect(d.emails).toEqual([]);
  });

  it('unknown sub or an account outside the register: nothing recorded', async () => {
    const d = deps(member());
    expect(await capturePasswordEvent(event('ChangePassword', {}, { additionalEventData: { sub: 'nobody' } }), d.deps)).toBe('unresolved');
    expect(await capturePasswordEvent(event('ConfirmForgotPassword', { username: 'demo.operator@meb.k12.tr' }), d.deps)).toBe('no-member');
    expect(d.writes).toEqual([]);
  });
});
