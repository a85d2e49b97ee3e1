import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { completeFirstSignIn, eventually, localClients, sesStore, signIn } from '../helpers/local-clients';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { italianRow, type StaffRow } from '../helpers/staff-fixtures';

/*
 * Issue #17 §4 through the HTTP API, as the real people: two members made by import + lot launch
 * (first sign-in with the SMS password) add an alternate email, prove it with the code the SES
 * emulator holds, and one of them forgets the password and resets it by email.
 */
const INSTITUTION = 'ALTM0001';
// Rows 91,701+ (staff-fixtures' ranges); both Italian-speaking.
const MARIO: StaffRow = { ...italianRow(91_701, INSTITUTION), alternateEmail: 'mario.hr.91701@example.org' };
const GIULIA: StaffRow = italianRow(91_702, INSTITUTION);
const MINE = 'mario.personale.91701@example.org';
const GIULIAS = 'giulia.personale.91702@example.org';
const CHOSEN = 'Prima-Parola-2027!';
const RESET = 'Dopo-Il-Reset-2027!';
const UNKNOWN = 'nessuno.91799@posta.istruzione.it';
const loginOf = (row: StaffRow) => row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');

let stack: ProfileStack;
const tokens: { mario: string; giulia: string } = { mario: '', giulia: '' };
let marioId = '';

const call = (token: string, method: string, path: string, body?: unknown) => stack.api.call(token, method, path, body);

/** A public call, read as raw text so two answers can be compared byte for byte. */
async function post(path: string, body: unknown): Promise<{ status: number; text: string; body: Json }> {
  const res = await fetch(`${stack.api.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Json };
}

/** Every email SES holds for an address whose subject matches. */
const mailsTo = async (address: string, subject: RegExp) =>
  (await sesStore(stack.runtime)).filter((m) => m.destination.to.includes(address) && subject.test(m.subject));

/** The email queue has nothing left to send: waiting, in flight or delayed (test files run one at a time). */
async function emailQueueDrained() {
  const { sqs } = localClients(stack.runtime);
  const depth = await eventually(
    async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.runtime.resources.queues.email.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      return Object.values(Attributes ?? {}).reduce((sum, n) => sum + Number(n), 0);
    },
    (n) => n === 0,
    30_000,
  );
  expect(depth).toBe(0);
}

/** The 6-digit code in the newest email to `address` with that subject, once it arrived. */
async function codeSentTo(address: string, subject: RegExp, count = 1): Promise<string> {
  const mails = await eventually(
    () => mailsTo(address, subject),
    (list) => list.length >= count,
  );
  expect(mails).toHaveLength(count);
  return /\b(\d{6})\b/.exec(mails.at(-1)?.body.text ?? '')?.[1] ?? 'missing';
}

const smsTo = async (row: StaffRow) =>
  (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as SmsRecord[];

const VERIFY_SUBJECT = /verifica dell’email alternativa/;
const RESET_SUBJECT = /Codice per reimpostare/;
const CHANGED_SUBJECT = /email alternativa della casella .* è stata modificata/;

beforeAll(async () => {
  stack = await profileStack('it-miur');
  const operator = await stack.api.tokenOf('operator');
  const launched = await launchSmallLot(stack, operator, { name: 'Alternate email', institutionCode: INSTITUTION, rows: [MARIO, GIULIA] });
  marioId = launched.memberIds[0] as string;
  for (const [who, row] of [
    ['mario', MARIO],
    ['giulia', GIULIA],
  ] as const) {
    const texts = await eventually(
      () => smsTo(row),
      (list) => list.length > 0,
    );
    const temporary = /: (\S+)$/.exec(texts.at(-1)?.message ?? '')?.[1] ?? 'missing';
    tokens[who] = (await completeFirstSignIn(stack.runtime, loginOf(row), temporary, CHOSEN)).AccessToken;
  }
}, 180_000);

afterAll(async () => stack.stop());

describe('a member adds and proves an alternate email', () => {
  it('GET /v1/me shows the HR address as unverified (masked), and SMS as the reset channel', async () => {
    const me = await call(tokens.mario, 'GET', '/v1/me');
    expect(me.body.account).toMatchObject({
      alternateEmail: { address: 'm***1@example.org', verified: false, source: 'hr-import', verifiedAt: null, resetCodesFrom: null },
      pendingAlternateEmail: null,
      resetChannel: 'sms',
    });
  });

  it('bad input is refused by field; a caller who is not staff is refused (403)', async () => {
    for (const [email, code] of [
      ['non-è-un-indirizzo', 'email_invalid'],
      ['mario@posta.istruzione.it', 'alternate_email_domain'],
    ]) {
      const out = await call(tokens.mario, 'PUT', '/v1/me/alternate-email', { email });
      expect(out).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'body.email' } });
      expect(out.body.errors?.[0]?.code).toBe(code);
    }
    const short = await call(tokens.mario, 'POST', '/v1/me/alternate-email/verify', { code: '12' });
    expect(short).toMatchObject({ status: 400, body: { field: 'body.code' } });
    const operator = await stack.api.tokenOf('operator');
    expect(await call(operator, 'PUT', '/v1/me/alternate-email', { email: 'op@example.org' })).toMatchObject({
      status: 403,
      body: { code: 'role_not_allowed' },
    });
  });

  it('a code goes to the new address; the request repeated sends nothing twice', async () => {
    const first = await call(tokens.mario, 'PUT', '/v1/me/alternate-email', { email: MINE });
    expect(first).toMatchObject({ status: 202, body: { status: 'code-sent', email: 'm***1@example.org' } });
    const again = await call(tokens.mario, 'PUT', '/v1/me/alternate-email', { email: MINE });
    expect(again).toEqual(first);
    await emailQueueDrained();
    expect(await mailsTo(MINE, VERIFY_SUBJECT)).toHaveLength(1);
    expect((await call(tokens.mario, 'GET', '/v1/me')).body.account.pendingAlternateEmail).toEqual({
      address: 'm***1@example.org',
      codeExpiresAt: first.body.codeExpiresAt,
    });
  });

  it('another member cannot prove an address with someone else’s code; five wrong codes drop theirs', async () => {
    expect((await call(tokens.giulia, 'PUT', '/v1/me/alternate-email', { email: GIULIAS })).status).toBe(202);
    const marios = await codeSentTo(MINE, VERIFY_SUBJECT);
    const giulias = await codeSentTo(GIULIAS, VERIFY_SUBJECT);
    expect(marios).not.toBe(giulias);
    const wrong = ['000000', '111111'].find((c) => c !== giulias) as string;
    const answers = [];
    for (const code of [marios, wrong, wrong, wrong, wrong]) {
      const out = await call(tokens.giulia, 'POST', '/v1/me/alternate-email/verify', { code });
      answers.push(`${out.status} ${out.body.code}`);
    }
    expect(answers).toEqual([...Array(4).fill('400 code_invalid'), '429 too_many_attempts']);
    // Her own right code no longer helps: the address waits no more.
    expect(await call(tokens.giulia, 'POST', '/v1/me/alternate-email/verify', { code: giulias })).toMatchObject({
      status: 409,
      body: { code: 'alternate_email_not_pending' },
    });
    expect((await call(tokens.giulia, 'GET', '/v1/me')).body.account.alternateEmail).toBeNull();
  });

  it('the right code proves it once; the old phone and the HR address are told, never the new address named', async () => {
    const code = await codeSentTo(MINE, VERIFY_SUBJECT);
    const smsBefore = (await smsTo(MARIO)).length;
    const done = await call(tokens.mario, 'POST', '/v1/me/alternate-email/verify', { code });
    expect(done).toMatchObject({ status: 200, body: { status: 'verified', email: 'm***1@example.org' } });
    expect(Date.parse(done.body.resetCodesFrom) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await call(tokens.mario, 'POST', '/v1/me/alternate-email/verify', { code })).toMatchObject({
      status: 409,
      body: { code: 'alternate_email_not_pending' },
    });

    const texts = await eventually(
      () => smsTo(MARIO),
      (list) => list.length > smsBefore,
    );
    expect(texts[0]?.message).toMatch(/email alternativa .* modificata/);
    const told = await eventually(
      () => mailsTo(MARIO.alternateEmail, CHANGED_SUBJECT),
      (list) => list.length >= 1,
    );
    expect(told).toHaveLength(1);
    expect(told[0]?.body.text).not.toContain(MINE);
    expect(await mailsTo(MINE, CHANGED_SUBJECT)).toEqual([]);

    const me = (await call(tokens.mario, 'GET', '/v1/me')).body.account;
    expect(me).toMatchObject({
      alternateEmail: { address: 'm***1@example.org', verified: true, source: 'member', resetCodesFrom: done.body.resetCodesFrom },
      pendingAlternateEmail: null,
      // The 24-hour hold: codes do not go there yet.
      resetChannel: 'sms',
    });
  });
});

describe('a member resets the password by the alternate email', () => {
  const login = loginOf(MARIO);

  it('during the 24-hour hold nothing goes to the new address, and the answer is the unknown login’s, byte for byte', async () => {
    const known = await post('/v1/password/forgot', { login, channel: 'email' });
    const unknown = await post('/v1/password/forgot', { login: UNKNOWN, channel: 'email' });
    expect(known.status).toBe(202);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    expect(known.body.helpdesk).toMatchObject({ phone: '+390800000000' });
    await emailQueueDrained();
    expect(await mailsTo(MINE, RESET_SUBJECT)).toEqual([]);
  });

  it('after the hold, forgot (the member’s choice: email) and confirm with the emailed code; the new password signs in', async () => {
    // A day passes (test only: the stamp aged in DynamoDB Local; the HTTP API has no clock to move).
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.runtime.resources.tables.directory,
        Key: { pk: `MEMBER#${marioId}`, sk: 'MEMBER' },
        UpdateExpression: 'SET alternateEmailVerifiedAt = :dayAgo',
        ExpressionAttributeValues: { ':dayAgo': new Date(Date.now() - 25 * 3_600_000).toISOString() },
      }),
    );
    expect((await call(tokens.mario, 'GET', '/v1/me')).body.account.resetChannel).toBe('email');
    expect((await post('/v1/password/forgot', { login })).status).toBe(202);
    const code = await codeSentTo(MINE, RESET_SUBJECT);

    const wrong = await post('/v1/password/forgot/confirm', {
      login,
      channel: 'email',
      code: code === '000000' ? '111111' : '000000',
      newPassword: RESET,
    });
    const stranger = await post('/v1/password/forgot/confirm', { login: UNKNOWN, channel: 'email', code, newPassword: RESET });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'code_invalid', field: 'body.code' } });
    const { instance: _a, ...wrongRest } = wrong.body;
    const { instance: _b, ...strangerRest } = stranger.body;
    expect([stranger.status, strangerRest]).toEqual([wrong.status, wrongRest]);

    const done = await post('/v1/password/forgot/confirm', { login, channel: 'email', code, newPassword: RESET });
    expect(done).toMatchObject({ status: 200, body: { status: 'password-reset' } });
    await signIn(stack.runtime, login, RESET);
    await expect(signIn(stack.runtime, login, CHOSEN)).rejects.toMatchObject({ name: expect.stringMatching(/Exception$/) });
    // Single use.
    expect(
      await post('/v1/password/forgot/confirm', { login, channel: 'email', code, newPassword: 'Ancora-Un-Altra-2027!' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'code_invalid' },
    });
    // Told at the HR address (another channel than the one the code went to).
    const changed = await eventually(
      () => mailsTo(MARIO.alternateEmail, /password della tua casella/),
      (list) => list.length >= 1,
    );
    expect(changed).toHaveLength(1);
  });

  it('removed: the old channels are told, and forgot by email sends nothing (the same answer)', async () => {
    const smsBefore = (await smsTo(MARIO)).length;
    const token = await signIn(stack.runtime, login, RESET);
    const removed = await fetch(`${stack.api.api}/v1/me/alternate-email`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(204);
    const told = await eventually(
      () => mailsTo(MINE, CHANGED_SUBJECT),
      (list) => list.length >= 1,
    );
    expect(told[0]?.body.text).toMatch(/rimossa/);
    expect((await smsTo(MARIO)).length).toBe(smsBefore + 1);
    expect((await call(token, 'GET', '/v1/me')).body.account).toMatchObject({
      alternateEmail: { source: 'hr-import' },
      resetChannel: 'sms',
    });

    const forgot = await post('/v1/password/forgot', { login, channel: 'email' });
    const unknown = await post('/v1/password/forgot', { login: UNKNOWN, channel: 'email' });
    expect([forgot.status, forgot.text]).toEqual([unknown.status, unknown.text]);
    await emailQueueDrained();
    expect(await mailsTo(MINE, RESET_SUBJECT)).toHaveLength(1);
  });

  it('every step is on the record, without an address, a code or a password', async () => {
    const { Items = [] } = await stack.db.send(
      new QueryCommand({
        TableName: stack.runtime.resources.tables.audit,
        IndexName: 'byTarget',
        KeyConditionExpression: 'target = :m',
        ExpressionAttributeValues: { ':m': marioId },
      }),
    );
    const actions = Items.map((r) => `${r.action} ${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'alternate-email.code-sent success',
        'alternate-email.verified success',
        'password.reset-code-sent refused',
        'password.reset-code-sent success',
        'password.reset-by-email success',
        'alternate-email.removed success',
      ]),
    );
    const trail = JSON.stringify(Items);
    expect(trail).not.toMatch(/example\.org/);
    expect(trail).not.toContain(RESET);
    const logs = readdirSync(join(stack.runtime.stateDir, 'logs'))
      .filter((f) => !f.startsWith('cognito'))
      .map((f) => readFileSync(join(stack.runtime.stateDir, 'logs', f), 'utf8'))
      .join('\n');
    expect(logs).not.toContain(RESET);
    expect(logs).not.toContain(MINE);
  });
});
