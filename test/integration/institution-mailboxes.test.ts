import { AdminGetUserCommand, ChangePasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/api-client';
import { completeFirstSignIn, eventually, localClients, scanAll, scanTable, sesStore, signIn } from '../helpers/local-clients';
import { type ProfileStack, profileStack, runJob, smsOutbox } from '../helpers/profile-stack';
import { toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * Issue #17 part 1 on tr-meb, through the HTTP API: a school's own mailbox under the staff's
 * password rules. Every person is a member the product made (import + lot launch); the officers
 * and the approver sign in with their SMS password and get their roles through the API. The
 * mailbox's passwords reach its responsible person by SMS only — never a response, a table, an
 * email or the stack's output.
 */
const DAY = 86_400_000;
const OWN = 'DEMO001';
const FAR = 'OTHER001';
const ROWS = {
  responsible: turkishRow(700, OWN),
  successor: turkishRow(701, OWN),
  officer: turkishRow(702, OWN),
  approver: turkishRow(704, OWN),
  farOfficer: turkishRow(705, FAR),
  stranger: turkishRow(706, FAR),
};
type Who = keyof typeof ROWS;
// MEB's institution mailboxes are named after the institution's code (`<kurum kodu>@meb.k12.tr`).
const ADDRESS = 'demo001@meb.k12.tr';
const passwordOf = (text: string) => /: (\S+)$/.exec(text)?.[1] ?? '';
const form = (number: string) => ({
  number,
  signedOn: '2026-11-20',
  approverName: 'Mehmet Yılmaz',
  approverTitle: 'Okul Müdürü',
  archivedAt: 'İdari arşiv',
});

let stack: ProfileStack;
let api: ProfileStack['api'];
let operator: string;
const tokens = {} as Record<Who, string>;
const members = {} as Record<Who, Json>;
/** Every answer an officer, approver or operator got, and every password sent: for the canary. */
const answers: unknown[] = [];
const passwords: string[] = [];
let mailboxId: string;

/** Every SMS to one person, newest first (as the sink lists them). */
const textsTo = async (who: Who) => (await smsOutbox(stack.runtime)).filter((s) => s.phoneNumber === ROWS[who].phone);
/** The texts one person got since they had `before`. */
const textsSince = async (who: Who, before: number) => {
  const texts = await textsTo(who);
  return texts.slice(0, texts.length - before);
};
const call = async (token: string, method: string, path: string, body?: unknown) => {
  const out = await api.call(token, method, path, body);
  answers.push(out.body);
  return out;
};
const cognitoUser = async () =>
  localClients(stack.runtime).cognito.send(new AdminGetUserCommand({ UserPoolId: stack.runtime.resources.userPoolId, Username: ADDRESS }));

beforeAll(async () => {
  stack = await profileStack('tr-meb');
  api = stack.api;
  operator = await api.tokenOf('operator');
  const rows = Object.values(ROWS);
  expect((await api.runImport(operator, toCsv(rows))).counts).toMatchObject({ created: rows.length, rejected: 0 });
  const lot = await api.call(operator, 'POST', '/v1/lots', {
    name: 'institution mailboxes',
    launchAt: new Date(Date.now() + 3_600_000).toISOString(),
    selection: { kind: 'institutions', institutionCodes: [OWN, FAR] },
  });
  await runJob(stack.runtime, 'launch-lots', lot.body.launchAt);
  const directory = await eventually(
    () => scanTable(stack.db, stack.runtime.resources.tables.directory),
    (items) => rows.every((r) => items.some((i) => i.sk === 'MEMBER' && i.phone === r.phone && i.state === 'notified')),
    60_000,
  );
  for (const who of Object.keys(ROWS) as Who[])
    members[who] = directory.find((i) => i.sk === 'MEMBER' && i.phone === ROWS[who].phone) as Json;
  // The officers and the approver sign in with the SMS password, choose their own, and get their roles through the API.
  for (const [who, role, institutionCode] of [
    ['officer', 'officer', OWN],
    ['approver', 'approver', OWN],
    ['farOfficer', 'officer', FAR],
  ] as const) {
    const [sms] = await textsTo(who);
    const done = await completeFirstSignIn(stack.runtime, members[who].address, passwordOf(sms?.message ?? ''), 'Kendi-Parolam-2027!');
    tokens[who] = done.AccessToken;
    const { sub } = (await api.call(done.AccessToken, 'GET', '/v1/me')).body;
    expect((await api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, { role, institutionCode })).status).toBe(200);
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('institution mailboxes (tr-meb)', () => {
  it('registration: bad input named by field, another institution’s officer refused, a responsible person of another institution refused', async () => {
    const body = {
      address: ADDRESS,
      institutionCode: OWN,
      name: 'Atatürk İlkokulu Müdürlüğü',
      responsibleMemberId: members.responsible.memberId,
    };
    const far = await call(tokens.farOfficer, 'POST', '/v1/institution-mailboxes', body);
    expect(far).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });

    const malformed = await call(tokens.officer, 'POST', '/v1/institution-mailboxes', {
      ...body,
      name: '',
      responsibleMemberId: 'someone',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: Json) => e.field).sort()).toEqual(['body.name', 'body.responsibleMemberId']);
    const wrong = await call(tokens.officer, 'POST', '/v1/institution-mailboxes', {
      ...body,
      address: 'mudurluk@gmail.com',
      responsibleMemberId: members.stranger.memberId,
    });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(wrong.body.errors.map((e: Json) => [e.field, e.code])).toEqual([
      ['body.address', 'address_domain'],
      ['body.responsibleMemberId', 'responsible_not_member'],
    ]);
    expect(await textsTo('responsible')).toHaveLength(1);
    expect(await textsTo('stranger')).toHaveLength(1);

    const registered = await call(tokens.officer, 'POST', '/v1/institution-mailboxes', body);
    expect(registered).toMatchObject({
      status: 201,
      body: {
        address: ADDRESS,
        institutionCode: OWN,
        state: 'notified',
        smsDelivered: true,
        responsible: { memberId: members.responsible.memberId, current: true, phone: expect.stringMatching(/^\+90\*+\d{3}$/) },
        nextDeadline: { kind: 'temporary-password' },
      },
    });
    mailboxId = registered.body.mailboxId;
    // Its own account, in no group; its first password by SMS to the responsible person only.
    expect((await cognitoUser()).Enabled).toBe(true);
    const texts = await textsTo('responsible');
    expect(texts).toHaveLength(2);
    expect(texts[0]?.message).toMatch(/^Kurum hesabı: demo001@meb\.k12\.tr\nGeçici parola: \S{12,}$/);
    passwords.push(passwordOf(texts[0]?.message ?? ''));

    // Registering it again is an address in use, and sends nothing.
    expect(await call(tokens.officer, 'POST', '/v1/institution-mailboxes', body)).toMatchObject({
      status: 409,
      body: { code: 'address_taken', field: 'body.address' },
    });
    expect(await textsTo('responsible')).toHaveLength(2);

    const listed = await call(tokens.approver, 'GET', `/v1/institutions/${OWN}/institution-mailboxes`);
    expect(listed.body.items.map((m: Json) => m.mailboxId)).toEqual([mailboxId]);
    expect(await call(tokens.farOfficer, 'GET', `/v1/institutions/${OWN}/institution-mailboxes`)).toMatchObject({ status: 403 });
    expect(await call(tokens.farOfficer, 'GET', `/v1/institution-mailboxes/${mailboxId}`)).toMatchObject({ status: 403 });
    // Not a member: the staff lists and exports do not hold it.
    const csv = await (
      await fetch(`${api.api}/v1/institutions/${OWN}/members.csv`, { headers: { authorization: `Bearer ${operator}` } })
    ).text();
    expect(csv).not.toContain(ADDRESS);
  }, 60_000);

  it('rotation: the mailbox chooses its password at first sign-in and the sweep closes it at 30 days (injected clock), once', async () => {
    const chosenAt = Date.now();
    await completeFirstSignIn(stack.runtime, ADDRESS, passwords[0] as string, 'Okul-Parolasi-2027!');
    const signedIn = await eventually(
      () => call(tokens.officer, 'GET', `/v1/institution-mailboxes/${mailboxId}`),
      (r) => r.body.state === 'activated',
    );
    expect(signedIn.body).toMatchObject({ nextDeadline: { kind: 'password-warning', warningDays: 7 } });

    const before = (await textsTo('responsible')).length;
    const at = new Date(chosenAt + 30 * DAY + 60_000).toISOString();
    expect(await runJob(stack.runtime, 'deadline-sweep', at)).toMatch(/"passwordExpired": [1-9]/);
    await runJob(stack.runtime, 'deadline-sweep', at);
    expect((await cognitoUser()).Enabled).toBe(false);
    expect((await call(tokens.officer, 'GET', `/v1/institution-mailboxes/${mailboxId}`)).body.state).toBe('password-expired');
    const closed = await textsSince('responsible', before);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.message).toContain(ADDRESS);

    const report = await call(operator, 'GET', `/v1/reports/password-expiry?institutionCode=${OWN}`);
    expect(report.body.institutionMailboxes).toEqual({ open: 0, closed: 1 });
  }, 120_000);

  it('a delegated reset on the signed form: one SMS to the responsible person, nothing twice on retry, another institution’s officer refused', async () => {
    const refused = await call(tokens.farOfficer, 'POST', '/v1/reset-requests', { mailboxId, form: form('MEB-K-0001') });
    expect(refused).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    const before = (await textsTo('responsible')).length;

    const filed = await call(tokens.officer, 'POST', '/v1/reset-requests', { mailboxId, form: form('MEB-K-0001') });
    expect(filed).toMatchObject({
      status: 201,
      body: { state: 'done', account: 'institution-mailbox', memberId: mailboxId, address: ADDRESS, smsDelivered: true },
    });
    const again = await call(tokens.officer, 'POST', '/v1/reset-requests', { mailboxId, form: form('MEB-K-0001') });
    expect(again).toMatchObject({ status: 409, body: { code: 'form_already_filed' } });
    const texts = await textsSince('responsible', before);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.message).toContain(ADDRESS);
    passwords.push(passwordOf(texts[0]?.message ?? ''));
    expect((await cognitoUser()).Enabled).toBe(true);
    await completeFirstSignIn(stack.runtime, ADDRESS, passwords[1] as string, 'Okul-Parolasi-2027?');
  }, 60_000);

  it('a change of responsible person is filed, approved by someone else, applied once with a new password to the new phone; the next reset goes there too', async () => {
    const path = `/v1/institution-mailboxes/${mailboxId}/responsible-changes`;
    const change = { responsibleMemberId: members.successor.memberId, reason: 'Görev değişikliği' };
    expect(await call(tokens.farOfficer, 'POST', path, change)).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    expect(await call(tokens.officer, 'POST', path, { ...change, responsibleMemberId: members.stranger.memberId })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'body.responsibleMemberId', code: 'responsible_not_member' }] },
    });
    const filed = await call(tokens.officer, 'POST', path, change);
    expect(filed).toMatchObject({ status: 201, body: { state: 'awaiting-approval', fromMemberId: members.responsible.memberId } });
    const approve = `/v1/responsible-changes/${filed.body.changeId}/approve`;
    expect(await call(tokens.officer, 'POST', approve)).toMatchObject({ status: 403, body: { code: 'same_person' } });
    expect(await call(tokens.farOfficer, 'POST', approve)).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    const pending = await call(tokens.approver, 'GET', `/v1/institutions/${OWN}/responsible-changes`);
    expect(pending.body.items.map((c: Json) => c.changeId)).toEqual([filed.body.changeId]);

    const approved = await call(tokens.approver, 'POST', approve);
    expect(approved).toMatchObject({
      status: 200,
      body: { state: 'done', passwordReset: { done: true, smsDelivered: true, problem: null } },
    });
    expect(await call(tokens.approver, 'POST', approve)).toMatchObject({ status: 409, body: { code: 'already_decided' } });
    // The new person is told, and gets the mailbox's new password: the former one knew the old.
    const told = await textsTo('successor');
    expect(told).toHaveLength(3);
    expect(told[0]?.message).toContain(ADDRESS);
    const handedOver = passwordOf(told[0]?.message ?? '');
    passwords.push(handedOver);
    expect(JSON.stringify(approved.body)).not.toContain(handedOver);
    await expect(signIn(stack.runtime, ADDRESS, 'Okul-Parolasi-2027?')).rejects.toThrow();
    await completeFirstSignIn(stack.runtime, ADDRESS, handedOver, 'Yeni-Sorumlu-2027!');
    expect((await call(tokens.officer, 'GET', `/v1/institution-mailboxes/${mailboxId}`)).body.responsible).toMatchObject({
      memberId: members.successor.memberId,
      current: true,
    });

    const formerBefore = (await textsTo('responsible')).length;
    const reset = await call(tokens.officer, 'POST', '/v1/reset-requests', { mailboxId, form: form('MEB-K-0002') });
    expect(reset).toMatchObject({ status: 201, body: { state: 'done', smsDelivered: true } });
    const sent = await textsTo('successor');
    expect(sent).toHaveLength(4);
    expect(sent[0]?.message).toContain(ADDRESS);
    passwords.push(passwordOf(sent[0]?.message ?? ''));
    expect(passwords[3]).toMatch(/^\S{12,}$/);
    expect(await textsTo('responsible')).toHaveLength(formerBefore);
  }, 60_000);

  it('the mailbox changes its password at the webmail: its responsible person is told by email, in their language, naming the mailbox', async () => {
    // The mailbox holds the last reset's temporary password: it signs in, chooses its own, and
    // later changes it at the webmail (Cognito's ChangePassword with its own token).
    const first = await completeFirstSignIn(stack.runtime, ADDRESS, passwords[3] as string, 'Webmail-Parola-2027!');
    const { cognito, sqs } = localClients(stack.runtime);
    await cognito.send(
      new ChangePasswordCommand({
        AccessToken: first.AccessToken,
        PreviousPassword: 'Webmail-Parola-2027!',
        ProposedPassword: 'Webmail-Yeni-Parola-2027!',
      }),
    );
    // In the cloud CloudTrail reports that call and the EventBridge rule puts it on the
    // passwordEvents queue; locally the test puts it there, as AWS shapes it (the sub only, the
    // token hidden). Its time: a change made after the first sign-in's, which Posta recorded
    // itself (changes within SAME_CHANGE_MS of a recorded one are taken as that one).
    const sub = (await cognitoUser()).UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    const changedAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const before = (await sesStore(stack.runtime)).length;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.runtime.resources.queues.passwordEvents.url,
        MessageBody: JSON.stringify({
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.cognito-idp',
          detail: {
            eventName: 'ChangePassword',
            eventTime: changedAt,
            eventID: 'webmail-change-1',
            requestParameters: { accessToken: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
            additionalEventData: { sub },
          },
        }),
      }),
    );
    const successor = ROWS.successor;
    const mails = await eventually(
      async () => (await sesStore(stack.runtime)).slice(before).filter((m) => m.subject.includes(ADDRESS)),
      (list) => list.length > 0,
      60_000,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.destination.to).toEqual([successor.alternateEmail]);
    expect(mails[0]?.subject).toBe(
      successor.locale === 'en' ? `The password of your mailbox ${ADDRESS} was changed` : `${ADDRESS} hesabınızın parolası değiştirildi`,
    );
    expect(mails[0]?.body.text).toContain(successor.givenName);
    // The former responsible person is told nothing.
    expect(mails.flatMap((m) => m.destination.to)).not.toContain(ROWS.responsible.alternateEmail);
    const trail = await call(operator, 'GET', `/v1/audit?target=${mailboxId}&limit=100`);
    expect(trail.body.items.find((r: Json) => r.action === 'password.changed')).toMatchObject({
      actor: 'cognito:ChangePassword',
      details: { notifiedByEmail: true },
    });
  }, 60_000);

  it('the audit trail shows the mailbox’s life beside the staff’s; no password anywhere but in the SMS', async () => {
    const trail = await call(operator, 'GET', `/v1/audit?target=${mailboxId}&limit=100`);
    expect(trail.status).toBe(200);
    const actions = trail.body.items.map((r: Json) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'institution-mailbox.registered',
        'member.activated',
        'member.password-expired',
        'password.reset-by-institution',
      ]),
    );
    // Two signed-form resets and the one the change of responsible person made.
    expect(actions.filter((a: string) => a === 'password.reset-by-institution')).toHaveLength(3);
    const byInstitution = await call(operator, 'GET', `/v1/audit?institution=${OWN}&limit=200`);
    expect(byInstitution.body.items.map((r: Json) => r.action)).toEqual(
      expect.arrayContaining(['institution-mailbox.responsible-change-filed', 'institution-mailbox.responsible-changed']),
    );

    const mails = await sesStore(stack.runtime);
    const haystack = JSON.stringify([answers, mails]) + (await scanAll(stack.runtime)) + stack.output();
    expect(passwords).toHaveLength(4);
    for (const password of passwords) expect(haystack).not.toContain(password);
  }, 60_000);
});
