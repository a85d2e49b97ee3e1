import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { localClients, sesStore } from '../helpers/local-clients';
import { productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { sesBounce } from '../helpers/ses-event-fixtures';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/*
 * Issue #17 part 2 through the HTTP API (it-miur, shared stack): messages to staff. The staff are
 * members the product made (import + lot launch); the school admin is one of them, granted the
 * role through the API. One more person is on the phone-update list (a landline in the file).
 */
const SCHOOL = 'MSGS0001';
const N = 175_000; // italianRow indexes of this file (see staff-fixtures)
const row = (i: number): StaffRow => italianRow(N + i, SCHOOL);
const STAFF = [row(0), row(1), row(2)];
const LANDLINE = { ...row(3), phone: '+39 06 1234 5678' };

let stack: ProfileStack;
let operator: string;
let admin: string;
let memberIds: string[];

const call = (token: string, method: string, path: string, body?: unknown) => stack.api.call(token, method, path, body);
const write = (token: string, body: Json) => call(token, 'POST', '/v1/messages', body);
const TEXT = {
  subject: { it: 'Avviso per {{givenName}}', en: 'Notice for {{givenName}}' },
  body: { it: 'Gentile {{givenName}} {{familyName}},\nla Sua casella è {{login}}.', en: 'Dear {{givenName}},\nyour mailbox is {{login}}.' },
  sms: { it: 'Ciao {{givenName}}, leggi la posta istituzionale.' },
};

/** Runs the fan-out "as of" a minute from now, as the schedule would, and waits for both queues to empty. */
async function fanOut() {
  await runJob(stack.runtime, 'send-messages', new Date(Date.now() + 60_000).toISOString());
  await drained(stack.runtime, ['email', 'provision']);
}

const smsTo = async (phone: string) =>
  ((await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[]).filter((m) =>
    m.message.includes('leggi la posta istituzionale'),
  );

beforeAll(async () => {
  stack = await profileStack('it-miur');
  operator = await stack.api.tokenOf('operator');
  ({ memberIds } = await launchSmallLot(stack, operator, { name: 'Messages', institutionCode: SCHOOL, rows: STAFF }));
  ({ token: admin } = await productMadeSchoolAdmin(stack, operator, STAFF[0] as StaffRow));
  expect((await stack.api.runImport(operator, toCsv([LANDLINE]), 'csv', SCHOOL)).counts.rejected).toBe(1);
}, 180_000);

afterAll(() => stack?.stop());

describe('messages to staff (it-miur)', () => {
  it('refuses bad texts and selections with the field, and another institution for a school admin', async () => {
    const bad = async (body: Json) => (await write(admin, { selection: {}, ...TEXT, ...body })).body;
    expect(await bad({ subject: { en: 'Only English' } })).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: 'body.subject.it', code: 'text_required' })],
    });
    expect((await bad({ body: { it: 'Gentile {{codiceFiscale}}' } })).errors[0]).toMatchObject({
      field: 'body.body.it',
      code: 'placeholder_unknown',
    });
    expect((await bad({ sms: { it: 'x'.repeat(900) } })).errors[0]).toMatchObject({ field: 'body.sms.it', code: 'sms_too_long' });
    expect((await bad({ selection: { states: ['password-expired'] } })).errors[0]).toMatchObject({
      field: 'body.selection',
      code: 'selection_empty',
    });
    expect((await bad({ selection: { categories: ['janitor'] } })).errors[0]).toMatchObject({ field: 'body.selection.categories.0' });
    expect(await write(admin, { selection: { institutionCodes: ['DEMO001'] }, ...TEXT })).toMatchObject({
      status: 403,
      body: { code: 'institution_out_of_scope' },
    });
    const demoMember = await write(operator, { selection: { institutionCodes: ['NOSUCH01'] }, ...TEXT });
    expect(demoMember.body.errors[0]).toMatchObject({ field: 'body.selection.institutionCodes', code: 'institution_unknown' });
  });

  it('shows the size and SMS parts before sending, previews with a real member, sends each person one email and one SMS however often the fan-out runs', async () => {
    const created = await write(admin, { selection: {}, ...TEXT });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'draft',
      recipients: 3,
      needsApproval: false,
      selection: { institutionCodes: [SCHOOL] },
      smsSegments: { it: { encoding: 'GSM-7', segments: 1 } },
    });
    const id = created.body.messageId;

    const preview = await call(admin, 'GET', `/v1/messages/${id}/preview?memberId=${memberIds[1]}`);
    expect(preview.body).toMatchObject({
      recipient: { memberId: memberIds[1], locale: 'it', email: STAFF[1]?.oldAddress },
      subject: `Avviso per ${STAFF[1]?.givenName}`,
      sms: { encoding: 'GSM-7', segments: 1 },
    });
    expect(preview.body.body).toContain(`${STAFF[1]?.givenName} ${STAFF[1]?.familyName},\nla Sua casella è`);
    const stranger = await call(admin, 'GET', `/v1/messages/${id}/preview?memberId=m-000000000000000000000000`);
    expect(stranger.body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'query.memberId', code: 'member_not_selected' })],
    });
    // Another institution's school admin sees nothing of it.
    const demoAdmin = await stack.api.tokenOf('school-admin');
    expect(await call(demoAdmin, 'GET', `/v1/messages/${id}`)).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });

    expect(await call(admin, 'POST', `/v1/messages/${id}/send`, {})).toMatchObject({ status: 202, body: { state: 'scheduled' } });
    expect((await call(admin, 'POST', `/v1/messages/${id}/send`, {})).body.code).toBe('message_not_draft');
    await fanOut();
    // A retry: as if the fan-out's function had died after queueing (test setup: the message put
    // back in `sending` with its lease run out). The next run redoes it; the business keys and SMS
    // claims make it send nothing twice.
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.runtime.resources.tables.directory,
        Key: { pk: `MESSAGE#${id}`, sk: 'MESSAGE' },
        UpdateExpression: 'SET #s = :sending, claimedAt = :old, gsi2pk = :due, gsi2sk = :at',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':old': '2000-01-01T00:00:00.000Z',
          ':due': 'MESSAGES-DUE',
          ':at': `2000-01-01T00:00:00.000Z#${id}`,
        },
      }),
    );
    await fanOut();

    // Each in their language (row 0's is English) and at their address: the mailbox for the one who signed in.
    const mails = (await sesStore(stack.runtime)).filter((m) => /^(Avviso per|Notice for) /.test(m.subject));
    const addresses = [STAFF[0]?.oldAddress.replace('@istruzione.it', '@posta.istruzione.it'), STAFF[1]?.oldAddress, STAFF[2]?.oldAddress];
    const mine = mails.filter((m) => addresses.some((a) => m.destination.to.includes(a as string)));
    expect(mine.map((m) => m.destination.to[0]).sort()).toEqual([...addresses].sort());
    expect(mine.find((m) => m.destination.to.includes(addresses[0] as string))?.subject).toBe(`Notice for ${STAFF[0]?.givenName}`);
    for (const r of STAFF) expect(await smsTo(r.phone)).toHaveLength(1);
    expect((await call(admin, 'GET', `/v1/messages/${id}`)).body).toMatchObject({
      state: 'sent',
      report: { queued: 3, sent: 3, smsQueued: 3, smsSent: 3, noChannel: 0, bounced: 0 },
    });

    // A bounce, delivered twice as EventBridge may: counted once on the message's report.
    const { sqs } = localClients(stack.runtime);
    const tags = { businessKey: [`message_${id}_${memberIds[2]}`], memberId: [memberIds[2] as string] };
    for (let i = 0; i < 2; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.runtime.resources.queues.deliveryEvents.url,
          MessageBody: JSON.stringify(sesBounce('Permanent', 'General', tags)),
        }),
      );
    }
    await drained(stack.runtime, ['deliveryEvents']);
    expect((await call(admin, 'GET', `/v1/messages/${id}`)).body.report).toMatchObject({ bounced: 1, sent: 3 });

    // Audited: who and the selection, never the texts or anyone's data.
    const trail = await stack.db.send(
      new QueryCommand({
        TableName: stack.runtime.resources.tables.audit,
        IndexName: 'byTarget',
        KeyConditionExpression: '#t = :t',
        ExpressionAttributeNames: { '#t': 'target' },
        ExpressionAttributeValues: { ':t': `MESSAGE#${id}` },
      }),
    );
    expect((trail.Items ?? []).map((a) => a.action).sort()).toEqual([
      'message.created',
      'message.send-requested',
      'message.sent', // the fan-out, and its retry: each on the record with its counts
      'message.sent',
    ]);
    const recorded = JSON.stringify(trail.Items);
    expect(recorded).toContain(SCHOOL);
    for (const secret of ['Avviso', 'Gentile', STAFF[1]?.givenName as string, STAFF[1]?.oldAddress as string])
      expect(recorded).not.toContain(secret);
  }, 120_000);

  it('cancels before sending (then nothing goes); the phone-update list’s people are reached by their own address', async () => {
    const later = await write(admin, { selection: { categories: ['teacher'] }, ...TEXT });
    const id = later.body.messageId;
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call(admin, 'POST', `/v1/messages/${id}/send`, { sendAt })).body).toMatchObject({ state: 'scheduled', sendAt });
    expect((await call(admin, 'POST', `/v1/messages/${id}/cancel`)).body.state).toBe('cancelled');
    expect((await call(admin, 'POST', `/v1/messages/${id}/cancel`)).body.code).toBe('message_not_cancellable');
    expect((await call(admin, 'POST', `/v1/messages/${id}/send`, {})).body.code).toBe('message_not_draft');
    expect((await call(admin, 'POST', `/v1/messages/${id}/send`, { sendAt: '2020-01-01T00:00:00Z' })).body.code).toBe('validation_failed');

    const hr = await write(admin, {
      selection: { phoneUpdateList: true },
      subject: { it: 'Aggiorni il cellulare' },
      body: { it: 'Gentile {{givenName}}, comunichi all’ufficio del personale un numero di cellulare.' },
    });
    expect(hr.body).toMatchObject({ recipients: 1 });
    expect((await call(admin, 'GET', `/v1/messages/${hr.body.messageId}/preview`)).body).toMatchObject({
      recipient: { memberId: null, email: LANDLINE.oldAddress },
      body: `Gentile ${LANDLINE.givenName}, comunichi all’ufficio del personale un numero di cellulare.`,
      sms: null,
    });
    await call(admin, 'POST', `/v1/messages/${hr.body.messageId}/send`, {});
    await fanOut();
    const toHr = (await sesStore(stack.runtime)).filter((m) => m.subject === 'Aggiorni il cellulare');
    expect(toHr.map((m) => m.destination.to)).toEqual([[LANDLINE.oldAddress]]);
    // The cancelled message went to nobody.
    expect((await call(admin, 'GET', `/v1/messages/${id}`)).body).toMatchObject({ state: 'cancelled', report: { queued: 0, sent: 0 } });
  }, 120_000);

  it('lists the messages newest first: the school admin their institution’s, pages on the cursor; another school’s admin is refused', async () => {
    const mine = await call(admin, 'GET', '/v1/messages?limit=2');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items[0]).not.toHaveProperty('body');
    expect(mine.body.items[0].createdAt >= mine.body.items[1].createdAt).toBe(true);
    const rest = await call(admin, 'GET', `/v1/messages?limit=100&cursor=${encodeURIComponent(mine.body.nextCursor)}`);
    const listed = [...mine.body.items, ...rest.body.items];
    // The three messages this file's school admin wrote (the others' tests may write more, elsewhere).
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((m: Json) => m.selection.institutionCodes.includes(SCHOOL))).toBe(true);
    expect(listed.map((m: Json) => m.state)).toEqual(expect.arrayContaining(['sent', 'cancelled']));
    // An operator sees them all (no institution named) and by institution.
    const everywhere = await call(operator, 'GET', `/v1/messages?institutionCode=${SCHOOL}&limit=100`);
    expect(everywhere.body.items.map((m: Json) => m.messageId)).toEqual(listed.map((m) => m.messageId));
    expect((await call(operator, 'GET', '/v1/messages?limit=1')).status).toBe(200);
    const demoAdmin = await stack.api.tokenOf('school-admin');
    expect(await call(demoAdmin, 'GET', `/v1/messages?institutionCode=${SCHOOL}`)).toMatchObject({
      status: 403,
      body: { code: 'institution_out_of_scope' },
    });
    expect((await call(demoAdmin, 'GET', '/v1/messages')).body.items.some((m: Json) => m.selection.institutionCodes.includes(SCHOOL))).toBe(
      false,
    );
  });
});
