import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { eventually, localClients, localDb, scanTable, sesStore } from '../helpers/local-clients';
import { sesBounce } from '../helpers/ses-event-fixtures';
import { italianRow } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const api = apiClient(runtime, demoUsers);
const { tokenOf, call } = api;
const db = localDb(runtime);
const allSms = async () => (await (await fetch(`${runtime.urls.sms}/messages`)).json()) as SmsRecord[];

describe('reports: delivery statistics and password-expiry status, from counters (it-miur)', () => {
  const rows = Array.from({ length: 3 }, (_, i) => italianRow(49_000 + i, 'RPRT0001'));
  let ids: string[] = [];
  let operator: string;
  // What the deployment had before this file: the stack is shared (files run one after another).
  let before: { report: Json; emails: number; sms: number };

  beforeAll(async () => {
    operator = await tokenOf('operator');
    before = {
      report: (await call(operator, 'GET', '/v1/reports/delivery')).body,
      emails: (await sesStore(runtime)).length,
      sms: (await allSms()).length,
    };
    ({ memberIds: ids } = await launchSmallLot({ runtime, api, db }, operator, { name: 'Reports', institutionCode: 'RPRT0001', rows }));
  }, 150_000);

  it('the delivery report equals what the SES store and the SMS sink hold, and counts a hard bounce once', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const institution = await eventually(
      async () => (await call(operator, 'GET', '/v1/reports/delivery?institutionCode=RPRT0001')).body,
      (b) => b.emails?.sent === rows.length,
    );
    expect(institution).toEqual({
      institutionCode: 'RPRT0001',
      month,
      emails: { sent: rows.length, rejected: 0, bounced: 0, complained: 0 },
      sms: { sent: rows.length, failed: 0 }, // one temporary password each
    });

    // The same bounce twice, as EventBridge may deliver it: one member, counted once.
    const { sqs } = localClients(runtime);
    const bounce = JSON.stringify(sesBounce('Permanent', 'NoEmail', { memberId: [ids[0] as string] }));
    for (let i = 0; i < 2; i++)
      await sqs.send(new SendMessageCommand({ QueueUrl: runtime.resources.queues.deliveryEvents.url, MessageBody: bounce }));
    const bounced = await eventually(
      async () => (await call(operator, 'GET', `/v1/reports/delivery?institutionCode=RPRT0001&month=${month}`)).body,
      (b) => b.emails.bounced >= 1,
    );
    await drained(runtime, ['deliveryEvents']);
    expect((await call(operator, 'GET', `/v1/reports/delivery?institutionCode=RPRT0001&month=${month}`)).body.emails).toEqual({
      ...bounced.emails,
      sent: rows.length,
      bounced: 1,
    });

    // Deployment-wide: the growth of each figure equals what the emulators received meanwhile.
    const emails = (await sesStore(runtime)).length;
    const sms = await allSms();
    const mine = rows.map((r) => sms.filter((s) => s.phoneNumber === r.phone).length);
    expect(mine).toEqual(rows.map(() => 1));
    const deployment = (await call(operator, 'GET', '/v1/reports/delivery')).body;
    expect(deployment.institutionCode).toBeNull();
    expect(deployment.emails.sent - before.report.emails.sent).toBe(emails - before.emails);
    expect(deployment.sms.sent - before.report.sms.sent).toBe(sms.length - before.sms);
    expect(deployment.sms.sent - before.report.sms.sent).toBeGreaterThanOrEqual(rows.length);
    expect(deployment.emails.bounced - before.report.emails.bounced).toBe(1);
  }, 60_000);

  it('a redelivered email is neither sent nor counted again (the count is inside the idempotent send)', async () => {
    const { sqs } = localClients(runtime);
    const storeBefore = (await sesStore(runtime)).length;
    const r = rows[1] as (typeof rows)[number];
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.resources.queues.email.url,
        MessageBody: JSON.stringify({
          key: `notice#${ids[1]}#1`,
          template: 'migration-notice',
          locale: r.locale,
          to: r.oldAddress,
          memberId: ids[1],
          institutionCode: 'RPRT0001',
          data: { givenName: r.givenName },
        }),
      }),
    );
    await drained(runtime, ['email']);
    expect((await sesStore(runtime)).length).toBe(storeBefore);
    expect((await call(operator, 'GET', '/v1/reports/delivery?institutionCode=RPRT0001')).body.emails.sent).toBe(rows.length);
  }, 30_000);

  it('school admins see their own institution only; staff may not read reports', async () => {
    const admin = await tokenOf('school-admin');
    expect(await call(admin, 'GET', '/v1/reports/delivery?institutionCode=RPRT0001')).toMatchObject({
      status: 403,
      body: { code: 'institution_out_of_scope' },
    });
    const own = await call(admin, 'GET', '/v1/reports/password-expiry');
    expect(own).toMatchObject({ status: 200, body: { institutionCode: 'DEMO001' } });
    expect(await call(admin, 'GET', '/v1/reports/delivery?month=2027-13')).toMatchObject({ status: 400 });
    const staff = await tokenOf('staff');
    expect(await call(staff, 'GET', '/v1/reports/delivery')).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
  });

  it('the password-expiry report: closed from the counters, deadlines of the next 7 days from the deadline index', async () => {
    const body = (await call(operator, 'GET', '/v1/reports/password-expiry?institutionCode=RPRT0001')).body;
    expect(body).toMatchObject({
      institutionCode: 'RPRT0001',
      closed: 0,
      reopenedThisWeek: 0,
      week: expect.stringMatching(/^\d{4}-W\d{2}$/),
    });
    // The truth, by a scan (a test may): members whose next deadline falls in the next 7 days.
    const to = new Date(Date.parse(body.asOf) + 7 * 86_400_000).toISOString();
    const due = (await scanTable(db, runtime.resources.tables.directory)).filter(
      (i) => typeof i.deadlineSk === 'string' && i.deadlineSk >= body.asOf && i.deadlineSk <= to,
    );
    expect(due.length).toBeGreaterThanOrEqual(rows.length);
    expect(body.deploymentDueWithin7Days).toBe(due.length);
  });
});
