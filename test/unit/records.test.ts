import { describe, expect, it } from 'vitest';
import { auditQuery } from '../../shared/api/audit-schemas';
import { fileResetRequestBody } from '../../shared/api/reset-schemas';
import { fixedClock } from '../../shared/clock';
import type { Member } from '../../shared/members/member';
import { loadProfile } from '../../shared/profiles';
import { prepareReset, stateAfterReset } from '../../shared/resets/reset-password';
import { formNumberKey } from '../../shared/resets/reset-request-store';
import { chosenPasswordAction } from '../../shared/sign-in/record-sign-in';

const FORM = (number: string) => ({
  memberId: 'm-0123456789abcdef01234567',
  form: { number, signedOn: '2026-12-01', approverName: 'Ayşe Kaya', approverTitle: 'Müdür', archivedAt: 'Arşiv 3' },
});

describe('form numbers in the ministry’s own script', () => {
  it.each(['РП-2026-001', 'ŞİFRE-2026/001', 'F-9', 'MODULO 12.2026', 'Ü_1'])('%s is a form number', (number) => {
    const parsed = fileResetRequestBody.safeParse(FORM(number));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it.each(['', '-1', 'A'.repeat(41), 'F-1;DROP', 'F=1', '<b>1'])('%j is refused', (number) => {
    expect(fileResetRequestBody.safeParse(FORM(number)).success).toBe(false);
  });

  it('a decomposed letter is the composed one (NFC), and case does not make another number, in Turkish too', () => {
    const decomposed = 'S\u0327IFRE-1'; // S + combining cedilla
    expect(fileResetRequestBody.parse(FORM(decomposed)).form.number).toBe('ŞIFRE-1');
    expect(new Set(['şifre-1', 'ŞİFRE-1', 'ŞIFRE-1', 'şıfre-1'].map(formNumberKey)).size).toBe(1);
    expect(formNumberKey('рп-2026-001')).toBe(formNumberKey('РП-2026-001'));
    expect(formNumberKey('f-9')).toBe('F-9'); // ASCII keys as they always were
  });
});

describe('/v1/audit takes plain days', () => {
  it('from a day starts at its midnight; to a day includes that whole day (UTC)', () => {
    expect(auditQuery.parse({ institution: 'DEMO001', from: '2026-12-01', to: '2026-12-31' })).toMatchObject({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('instants still pass as they are; a day that does not exist is a 400', () => {
    expect(auditQuery.parse({ actor: 'a', from: '2026-12-01T08:00:00+01:00' }).from).toBe('2026-12-01T08:00:00+01:00');
    expect(auditQuery.safeParse({ actor: 'a', from: '2026-13-01' }).success).toBe(false);
    expect(auditQuery.safeParse({ actor: 'a', to: 'yesterday' }).success).toBe(false);
  });
});

describe('password records after a reset', () => {
  it('the password chosen after a reset is not the first one', () => {
    expect(chosenPasswordAction({ passwordChangedAt: undefined })).toBe('password.first-set');
    expect(chosenPasswordAction({ passwordChangedAt: '2027-01-01T00:00:00Z' })).toBe('password.set-after-reset');
  });

  it('a reset leaves an activated-but-never-signed-in member (activation profiles) where it was: account-created', () => {
    expect(stateAfterReset({ activatedAt: '2027-01-02T00:00:00Z' })).toBe('activated');
    expect(stateAfterReset({ activationCompletedAt: '2027-01-01T00:00:00Z' })).toBe('account-created');
    expect(stateAfterReset({})).toBe('notified');
  });

  it('a member who activated but lost the SMS can be reset; one in the middle of a launch cannot', async () => {
    const deps = (m: Partial<Member>) => ({
      members: { get: async () => ({ memberId: 'm1', address: 'a@b.c', ...m }) as Member, advance: async () => true },
      accounts: {
        userStatus: async () => ({ enabled: true, status: 'FORCE_CHANGE_PASSWORD' }),
        enableUser: async () => undefined,
        signOutEverywhere: async () => undefined,
      },
      clock: fixedClock('2027-01-02T00:00:00Z'),
      profile: loadProfile('ru-moscow'),
    });
    await expect(
      prepareReset('m1', deps({ state: 'account-created', activationCompletedAt: '2027-01-01T00:00:00Z' })),
    ).resolves.toMatchObject({
      memberId: 'm1',
    });
    await expect(prepareReset('m1', deps({ state: 'account-created' }))).rejects.toMatchObject({ code: 'member_not_resettable' });
  });
});
