import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor, SupportScope } from '../../shared/auth/scope';
import type { Role } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { PROGRESS_KEYS } from '../../shared/progress/progress-counters';
import { DELIVERY_KEYS, type DeliveryDelta, deliveryStatsUpdates } from '../../shared/reports/delivery-stats';
import { isoWeekOf } from '../../shared/reports/password-expiry-stats';
import { deliveryReport, passwordExpiryReport, type ReportDeps } from '../../shared/reports/reports';
import { countingSmsSender } from '../../shared/sms/counting-sms-sender';
import { SmsRejectedError } from '../../shared/sms/send-sms';
import { actorOf } from '../helpers/actors';

/** A caller of the report routes (they admit the same roles) with these roles, held where `place` says. */
const actor = (roles: Role[], place: { institution?: string; support?: SupportScope } = {}): Actor =>
  actorOf(
    'deliveryReport',
    roles.map((role) => ({
      role,
      institution: role === 'operator' || role === 'support' ? null : (place.institution ?? null),
      ...(role === 'support' && place.support && { support: place.support }),
    })),
    { sub: `sub-${roles.join('-')}`, login: 'x@posta' },
  );

function deps(regions: Record<string, string> = {}) {
  const audit: AuditEntry[] = [];
  const asked: Array<string | null> = [];
  const counts = Object.fromEntries(DELIVERY_KEYS.map((k, i) => [k, i + 1])) as never;
  const d: ReportDeps = {
    regions: { regionOf: async (code) => regions[code] ?? null },
    audit: { record: async (e) => void audit.push(e) },
    clock: fixedClock('2027-01-04T10:00:00Z'),
    delivery: async (code) => {
      asked.push(code);
      return counts;
    },
    progress: async () => ({
      ...(Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0])) as Record<(typeof PROGRESS_KEYS)[number], number>),
      expired: 4,
    }),
    deploymentClosed: async () => 41,
    mailboxProgress: async () => ({
      ...(Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0])) as Record<(typeof PROGRESS_KEYS)[number], number>),
      notified: 1,
      activated: 2,
      expired: 1,
    }),
    reopened: async (code) => (code ? 2 : 9),
    deadlinesWithin7Days: async () => 17,
  };
  return { d, audit, asked };
}

describe('report scope', () => {
  it('operators and deployment-wide support get the deployment without an institution; others their own', async () => {
    const { d, asked } = deps();
    expect((await deliveryReport(actor(['operator']), {}, d, 'r')).institutionCode).toBeNull();
    expect((await deliveryReport(actor(['support'], { support: 'all' }), {}, d, 'r')).institutionCode).toBeNull();
    expect((await deliveryReport(actor(['school-admin'], { institution: 'SCH1' }), {}, d, 'r')).institutionCode).toBe('SCH1');
    expect(asked).toEqual([null, null, 'SCH1']);
  });

  it('a regional agent without an institution must name one, and reaches only their regions', async () => {
    const { d, audit } = deps({ NORTH1: 'NORTH', SOUTH1: 'SOUTH' });
    const regional = actor(['support'], { support: { regions: ['NORTH'] } });
    await expect(deliveryReport(regional, {}, d, 'r')).rejects.toMatchObject({ status: 400, field: 'institutionCode' });
    expect((await deliveryReport(regional, { institutionCode: 'NORTH1' }, d, 'r')).institutionCode).toBe('NORTH1');
    await expect(deliveryReport(regional, { institutionCode: 'SOUTH1' }, d, 'r-2')).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    expect(audit).toEqual([
      expect.objectContaining({ outcome: 'refused', institution: 'SOUTH1', action: 'report.delivery', requestId: 'r-2' }),
    ]);
  });

  it('a school admin may not read another institution', async () => {
    const { d, audit } = deps();
    await expect(
      passwordExpiryReport(actor(['school-admin'], { institution: 'SCH1' }), { institutionCode: 'SCH2' }, d, 'r'),
    ).rejects.toMatchObject({ code: 'institution_out_of_scope' });
    expect(audit).toHaveLength(1);
  });
});

describe('report figures', () => {
  it('an institution’s delivery report has its own SMS figures; the current month by default', async () => {
    const { d } = deps();
    const inst = await deliveryReport(actor(['operator']), { institutionCode: 'SCH1' }, d, 'r');
    expect(inst).toEqual({
      institutionCode: 'SCH1',
      month: '2027-01',
      emails: { sent: 1, rejected: 2, bounced: 3, complained: 4 },
      sms: { sent: 5, failed: 6 },
    });
    const all = await deliveryReport(actor(['operator']), { month: '2026-12' }, d, 'r');
    expect(all).toMatchObject({ month: '2026-12', sms: { sent: 5, failed: 6 } });
  });

  it('password expiry: closed from the expired counter (institution or deployment), its mailboxes beside, reopened this ISO week, deadlines deployment-wide', async () => {
    const { d } = deps();
    expect(await passwordExpiryReport(actor(['operator']), { institutionCode: 'SCH1' }, d, 'r')).toEqual({
      institutionCode: 'SCH1',
      asOf: '2027-01-04T10:00:00.000Z',
      week: '2027-W01',
      closed: 4,
      institutionMailboxes: { open: 3, closed: 1 },
      reopenedThisWeek: 2,
      deploymentDueWithin7Days: 17,
    });
    // Deployment-wide, `closed` is the deployment's own counter, not null; mailboxes are per institution.
    expect(await passwordExpiryReport(actor(['operator']), {}, d, 'r')).toMatchObject({
      closed: 41,
      institutionMailboxes: null,
      reopenedThisWeek: 9,
    });
  });

  it('ISO weeks: Monday to Sunday, the week-year decided by Thursday', () => {
    expect(isoWeekOf(new Date('2027-01-03T23:59:59Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(isoWeekOf(new Date('2026-11-25T12:00:00Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });

  it('statistics go to the deployment and, when known, the institution, in the month of recording', () => {
    const at = new Date('2027-02-28T23:00:00Z');
    expect(deliveryStatsUpdates('t', 'SCH1', { emailsSent: 1 }, at).map((u) => u.Update?.Key)).toEqual([
      { pk: 'STATS#ALL', sk: 'MONTH#2027-02' },
      { pk: 'STATS#INSTITUTION#SCH1', sk: 'MONTH#2027-02' },
    ]);
    expect(deliveryStatsUpdates('t', undefined, { smsSent: 1 }, at)).toHaveLength(1);
    expect(deliveryStatsUpdates('t', 'SCH1', {}, at)).toEqual([]);
  });
});

describe('countingSmsSender', () => {
  it('counts sent and SNS-rejected SMS, not throttling, and passes every outcome through', async () => {
    const counted: Array<{ institutionCode: string | null | undefined; delta: DeliveryDelta }> = [];
    const outcomes = [
      async () => 'id-1',
      async () => Promise.reject(new SmsRejectedError('OptedOutException')),
      async () => Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })),
    ];
    let n = 0;
    const sender = countingSmsSender(
      { send: () => (outcomes[n++] as () => Promise<string>)() },
      async (institutionCode, delta) => void counted.push({ institutionCode, delta }),
      fixedClock('2027-01-04T10:00:00Z'),
    );
    expect(await sender.send('+393331234567', 'x', 'RMIC00001')).toBe('id-1');
    await expect(sender.send('+393331234567', 'x', 'RMIC00002')).rejects.toBeInstanceOf(SmsRejectedError);
    await expect(sender.send('+393331234567', 'x', 'RMIC00003')).rejects.toMatchObject({ name: 'ThrottlingException' });
    // Counted for the institution named by the caller (and, by the counter, the deployment).
    expect(counted).toEqual([
      { institutionCode: 'RMIC00001', delta: { smsSent: 1 } },
      { institutionCode: 'RMIC00002', delta: { smsFailed: 1 } },
    ]);
  });
});
