import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/stack';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { eventually, firstSignInChallenge, localClients, scanTable } from '../helpers/local-clients';
import { type ProfileStack, profileStack, smsOutbox } from '../helpers/profile-stack';
import { russianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #5, "must show": two approvals of the same two-person request at once (ru-moscow sets
 * `resetApproval: two-person`) → one password, one SMS, one 200 and one 409. Real DynamoDB Local:
 * the conditional claim `approved → consuming` is what lets only one through.
 */

const MEMBER = russianRow(600, 'DEMO001');

let stack: ProfileStack;
let runtime: Runtime;
let api: ProfileStack['api'];
let db: ProfileStack['db'];

const memberByPhone = async (phone: string) => {
  const out = await db.send(
    new ScanCommand({
      TableName: runtime.resources.tables.directory,
      FilterExpression: 'sk = :m AND phone = :p',
      ExpressionAttributeValues: { ':m': 'MEMBER', ':p': phone },
    }),
  );
  return out.Items?.[0] as Json;
};
const textsTo = async (phone: string) => (await smsOutbox(runtime)).filter((s) => s.phoneNumber === phone);

describe('delegated reset, two-person approval race (ru-moscow)', () => {
  beforeAll(async () => {
    stack = await profileStack('ru-moscow');
    ({ runtime, api, db } = stack);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('two approvals at once: exactly one password set, one SMS, one 200 and one 409', async () => {
    const operator = await api.tokenOf('operator');
    expect((await api.runImport(operator, toCsv([MEMBER]))).counts).toMatchObject({ created: 1 });
    const member = await memberByPhone(MEMBER.phone);
    // An activated member with an account of their own (what activation leaves behind).
    const { cognito } = localClients(runtime);
    const pool = runtime.resources.userPoolId;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: member.address, MessageAction: 'SUPPRESS' }));
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: member.address, Password: 'Svoi-Parol-2027!', Permanent: true }),
    );
    const at = new Date(Date.now() - 86_400_000).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: runtime.resources.tables.directory,
        Key: { pk: `MEMBER#${member.memberId}`, sk: 'MEMBER' },
        UpdateExpression: 'SET #s = :s, accountCreatedAt = :at, activatedAt = :at, passwordChangedAt = :at',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':s': 'activated', ':at': at },
      }),
    );

    const officer = await api.tokenOf('officer');
    const filed = await api.call(officer, 'POST', '/v1/reset-requests', {
      memberId: member.memberId,
      form: {
        number: '17/2026',
        signedOn: at.slice(0, 10),
        approverName: 'Иванова А. П.',
        approverTitle: 'Директор',
        archivedAt: 'Канцелярия',
      },
    });
    expect(filed).toMatchObject({ status: 201, body: { state: 'awaiting-approval', approval: 'two-person' } });
    expect(await textsTo(MEMBER.phone)).toHaveLength(0);

    // The filing officer cannot approve; the officer role may not call the route at all.
    expect((await api.call(officer, 'POST', `/v1/reset-requests/${filed.body.requestId}/approve`)).status).toBe(403);

    const approver = await api.tokenOf('approver');
    const path = `/v1/reset-requests/${filed.body.requestId}/approve`;
    const answers = await Promise.all([api.call(approver, 'POST', path), api.call(approver, 'POST', path)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers.find((a) => a.status === 200) as { body: Json };
    expect(won.body).toMatchObject({ state: 'done', smsDelivered: true });
    expect(answers.find((a) => a.status === 409)?.body.code).toMatch(/^(already_consumed|already_decided)$/);

    // Exactly one SMS (both answers are in and the queues drained, so a late second one would show), and its password works.
    await drained(runtime);
    const texts = await eventually(
      () => textsTo(MEMBER.phone),
      (l) => l.length >= 1,
    );
    expect(texts).toHaveLength(1);
    const password = /: (\S+)$/.exec(texts[0]?.message ?? '')?.[1] ?? '';
    await firstSignInChallenge(runtime, member.address, password);
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: member.address }))).UserStatus).toBe(
      'FORCE_CHANGE_PASSWORD',
    );

    // One password set: one reset in the audit trail, one temporary-password time on the member.
    const audit = await scanTable(db, runtime.resources.tables.audit);
    expect(audit.filter((r) => r.action === 'password.reset-by-institution')).toHaveLength(1);
    expect((await memberByPhone(MEMBER.phone)).temporaryPasswordSetAt).toBe(won.body.completedAt);
    expect(JSON.stringify([answers, audit])).not.toContain(password);
  }, 120_000);
});
