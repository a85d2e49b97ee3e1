import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { refusedAccesses } from '../../local/key-guard';
import { itemGrants, QUEUES, ROUTES, type RouteDef, SECRETS, type SecretId, secretsOf, TABLES, type TableId } from '../../shared/catalog';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { sns } from '../../shared/clients/sns';
import { sqs } from '../../shared/clients/sqs';
import { emailCoder } from '../../shared/email/email-code';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { validateNationalId } from '../../shared/staff';
import { context, httpEvent } from '../helpers/http-event';
import { memoryDynamo } from '../helpers/memory-dynamo';
import { russianRow } from '../helpers/staff-fixtures';

/**
 * Anyone may call a public route, so each runs with the least the cloud grants it: DynamoDB item
 * actions on its own key prefixes only (`dynamodb:LeadingKeys`), the secrets bound to it, SMS,
 * Cognito actions and queues only as its catalog entry says. No local emulator enforces IAM, and
 * some calls fail quietly when refused (an SMS counter is only logged), so an item kind or a key
 * a new use case needs would first be missed in the cloud. Here each public route's real handler
 * runs through its flows — matched and unmatched people, wrong and right codes, a lock, a closed
 * window, a held phone, a refused SMS, a member on record — against an in-memory directory that
 * records every call, with only its own secrets set. Every call must be one its binding grants,
 * and every grant must be used by some flow (a grant nobody uses is privilege to drop).
 */

const TABLE_NAMES: Record<TableId, string> = { directory: 'Directory', audit: 'Audit', idempotency: 'Idempotency' };
const QUEUE_URL = (id: string) => `https://sqs.eu-south-1.amazonaws.com/1/${id}`;
const NATIONAL_ID_KEY = 'unit-national-id-key-0123456789abcdef0123456789';

const memory = memoryDynamo(dynamo);
const snsMock = mockClient(sns);
const sqsMock = mockClient(sqs);
const cognitoMock = mockClient(cognito as CognitoIdentityProviderClient);

type Handler = (event: APIGatewayProxyEventV2, ctx: typeof context) => Promise<unknown>;
type Answer = { statusCode: number; body: string };

/** What one route did across its flows. */
interface Seen {
  dynamo: Array<{ command: string; input: Record<string, unknown> }>;
  sms: string[];
  cognito: string[];
  queues: string[];
}

const route = (id: string): RouteDef => {
  const def = ROUTES.find((r) => r.id === id);
  if (!def) throw new Error(`no route ${id}`);
  return def;
};

const secretValue = (id: SecretId) => (id === 'nationalIdKey' ? NATIONAL_ID_KEY : `unit-${id}-0123456789abcdef0123456789abcdef`);

/** Runs the route's handler with only the route's own secrets set (an unbound read fails at import, as in the cloud). */
async function loadAs(def: RouteDef): Promise<Handler> {
  for (const s of Object.values(SECRETS)) vi.stubEnv(s.valueEnv, '');
  for (const id of secretsOf(def)) vi.stubEnv(SECRETS[id].valueEnv, secretValue(id));
  return (await import(`../../${def.handler}`)).handler as Handler;
}

function caller(def: RouteDef, handler: Handler, seen: Seen) {
  return async (opts: { body?: unknown; path?: Record<string, string>; ip?: string }) => {
    const before = { dynamo: memory.calls.length, sms: snsMock.commandCalls(PublishCommand).length };
    const cognitoBefore = cognitoMock.calls().length;
    const sqsBefore = sqsMock.commandCalls(SendMessageCommand).length;
    const event = httpEvent({
      routeKey: `${def.method} ${def.path}`,
      headers: { 'content-type': 'application/json' },
      ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      ...(opts.path && { pathParameters: opts.path }),
    });
    event.requestContext.http.sourceIp = opts.ip ?? '198.51.100.7';
    const answer = (await handler(event, context)) as Answer;
    seen.dynamo.push(...memory.calls.slice(before.dynamo));
    seen.sms.push(
      ...snsMock
        .commandCalls(PublishCommand)
        .slice(before.sms)
        .map((c) => String(c.args[0].input.Message)),
    );
    seen.cognito.push(
      ...cognitoMock
        .calls()
        .slice(cognitoBefore)
        .map((c) => (c.args[0] as object).constructor.name),
    );
    seen.queues.push(
      ...sqsMock
        .commandCalls(SendMessageCommand)
        .slice(sqsBefore)
        .map((c) => String(c.args[0].input.QueueUrl)),
    );
    return { status: answer.statusCode, body: JSON.parse(answer.body || 'null') };
  };
}

const codeIn = (sms: string | undefined) => /\b(\d{6})\b/.exec(sms ?? '')?.[1] ?? '';

/** A member invited to activate (Moscow: SNILS, a Moscow mobile), as the import and notice left it. */
function member(i: number, over: Record<string, unknown> = {}) {
  const row = russianRow(i, 'MSK-SCH-0001');
  const nid = validateNationalId('snils', row.nationalId);
  if (!nid.ok) throw new Error('bad fixture');
  const { hmac, memberId } = nationalIdHasher(NATIONAL_ID_KEY)(nid.normalized);
  const now = Date.now();
  const item = {
    pk: `MEMBER#${memberId}`,
    sk: 'MEMBER',
    memberId,
    nidHmac: hmac,
    nidLast3: nid.normalized.slice(-3),
    givenName: row.givenName,
    familyName: row.familyName,
    phone: row.phone,
    institutionCode: 'MSK-SCH-0001',
    category: 'teacher',
    oldAddress: null,
    alternateEmail: null,
    locale: 'ru',
    address: `${row.latinLocal}.${i}@edu.mos.ru`,
    state: 'notified',
    rowHash: 'h',
    createdAt: new Date(now - 86_400_000).toISOString(),
    updatedAt: new Date(now - 86_400_000).toISOString(),
    importJobId: 'job-1',
    lotId: 'lot-1',
    noticesSent: 1,
    activationWindowEndsAt: new Date(now + 30 * 86_400_000).toISOString(),
    ...over,
  };
  memory.seed(TABLE_NAMES.directory, item);
  memory.seed(TABLE_NAMES.directory, { pk: `ADDRESS#${item.address}`, sk: 'ADDRESS', memberId });
  return { row, item };
}

/** An activated member who proved an alternate email two days ago: reset codes may go to it. */
const withAlternateEmail = (i: number) =>
  member(i, {
    state: 'activated',
    accountCreatedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    verifiedAlternateEmail: `own.${i}@example.ru`,
    alternateEmailVerifiedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  });

/** One flow per public route at least: a new public route has to bring its own here. */
const FLOWS: Record<string, (call: ReturnType<typeof caller>, seen: Seen) => Promise<void>> = {
  async health(call) {
    memory.seed(TABLE_NAMES.directory, { pk: 'SYSTEM', sk: 'HEARTBEAT', at: new Date().toISOString() });
    expect((await call({})).status).toBeLessThan(500);
  },

  async openapi(call) {
    expect((await call({})).status).toBe(200);
  },

  async getProfile(call) {
    expect((await call({})).body).toMatchObject({ id: 'ru-moscow', flows: { activation: true } });
  },

  async startActivation(call, seen) {
    const eligible = member(900);
    const sent = seen.sms.length;
    expect((await call({ body: { nationalId: eligible.row.nationalId, phone: eligible.row.phone } })).status).toBe(202);
    expect(seen.sms.length).toBe(sent + 1);
    // A stranger, a member whose window ran out (closed now, on the counters), a phone changed today.
    expect((await call({ body: { nationalId: russianRow(901).nationalId, phone: russianRow(901).phone } })).status).toBe(202);
    const late = member(902, { activationWindowEndsAt: new Date(Date.now() - 60_000).toISOString() });
    expect((await call({ body: { nationalId: late.row.nationalId, phone: late.row.phone } })).status).toBe(202);
    // The member whose window closed is told so by SMS, on the phone on record (no code comes).
    expect(seen.sms.length).toBe(sent + 2);
    const held = member(903, { phoneChangedAt: new Date().toISOString() });
    expect((await call({ body: { nationalId: held.row.nationalId, phone: held.row.phone } })).status).toBe(202);
    expect(seen.sms.length).toBe(sent + 2);
    // SNS refuses the phone on record: the same answer; the failure is recorded and the member listed for the school.
    const refused = member(904);
    snsMock
      .on(PublishCommand, { PhoneNumber: refused.row.phone })
      .rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    expect((await call({ body: { nationalId: refused.row.nationalId, phone: refused.row.phone } })).status).toBe(202);
    expect(memory.get(TABLE_NAMES.directory, refused.item)?.deliveryFailure).toBeDefined();
    expect(memory.get(TABLE_NAMES.directory, { pk: 'PHONEUPD#MSK-SCH-0001', sk: `PERSON#${refused.item.memberId}` })).toMatchObject({
      reason: 'sms_rejected',
    });
  },

  async confirmActivation(call, seen) {
    const start = caller(route('startActivation'), startActivation, { dynamo: [], sms: [], cognito: [], queues: [] });
    const attempt = async (i: number, over: Record<string, unknown> = {}) => {
      const m = member(i, over);
      const answer = await start({ body: { nationalId: m.row.nationalId, phone: m.row.phone } });
      const code = codeIn(snsMock.commandCalls(PublishCommand).at(-1)?.args[0].input.Message);
      return { m, attemptId: answer.body.attemptId as string, code };
    };
    const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

    // Five wrong codes on the member's own attempt lock them (the member and source counters; the
    // member's counter outlived its TTL, so it is replaced, not trusted).
    const locked = await attempt(910);
    const stale = {
      pk: `ACTIVATION-GUARD#${locked.m.item.memberId}`,
      sk: 'GUARD',
      failures: 4,
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    };
    memory.seed(TABLE_NAMES.directory, stale);
    for (let k = 0; k < 5; k++) await call({ path: { attemptId: locked.attemptId }, body: { code: wrong(locked.code) } });
    expect(memory.get(TABLE_NAMES.directory, locked.m.item)?.activationLockedUntil).toBeDefined();

    // The right code: the account, the staff group, the temporary password by SMS.
    cognitoMock.onAnyCommand().resolves({});
    const ok = await attempt(911);
    expect((await call({ path: { attemptId: ok.attemptId }, body: { code: ok.code } })).status).toBe(200);

    // SNS refuses the phone: the failure is recorded on the member and counted.
    const refused = await attempt(912);
    snsMock
      .on(PublishCommand, { PhoneNumber: refused.m.row.phone })
      .rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    expect((await call({ path: { attemptId: refused.attemptId }, body: { code: refused.code } })).status).toBe(200);
    expect(memory.get(TABLE_NAMES.directory, refused.m.item)?.deliveryFailure).toBeDefined();

    // The window closed between the code and its use; a phone changed in between (held).
    const closing = await attempt(913);
    memory.seed(TABLE_NAMES.directory, {
      ...memory.get(TABLE_NAMES.directory, closing.m.item),
      activationWindowEndsAt: new Date(Date.now() - 1).toISOString(),
    });
    expect((await call({ path: { attemptId: closing.attemptId }, body: { code: closing.code } })).status).toBe(409);
    const held = await attempt(914);
    memory.seed(TABLE_NAMES.directory, { ...memory.get(TABLE_NAMES.directory, held.m.item), phoneChangedAt: new Date().toISOString() });
    expect((await call({ path: { attemptId: held.attemptId }, body: { code: held.code } })).status).toBe(409);
    expect(seen.cognito).toEqual(expect.arrayContaining(['AdminCreateUserCommand', 'AdminSetUserPasswordCommand']));
  },

  async forgotPassword(call, seen) {
    cognitoMock.onAnyCommand().resolves({});
    // An unknown login (SMS: Cognito's), and a member whose verified alternate email gets Posta's code.
    expect((await call({ body: { login: 'someone@edu.mos.ru' } })).status).toBe(202);
    const m = withAlternateEmail(921);
    expect((await call({ body: { login: m.item.address } })).status).toBe(202);
    expect(seen.queues).toHaveLength(1);
  },

  async confirmForgotPassword(call, seen) {
    cognitoMock.onAnyCommand().resolves({});
    const password = 'Nuovo-Segreto-2027!x';
    // Cognito's SMS code.
    const m = member(920, { state: 'activated', accountCreatedAt: new Date().toISOString(), alternateEmail: 'own@example.ru' });
    expect((await call({ body: { login: m.item.address, code: '123456', newPassword: password } })).status).toBe(200);
    expect(memory.get(TABLE_NAMES.directory, m.item)?.passwordChangedAt).toBeDefined();
    // Posta's code by email: a wrong one, then the right one; a code whose five tries are spent.
    const forgot = caller(route('forgotPassword'), forgotPassword, { dynamo: [], sms: [], cognito: [], queues: [] });
    const emailed = async (i: number) => {
      const who = withAlternateEmail(i);
      expect((await forgot({ body: { login: who.item.address, channel: 'email' } })).status).toBe(202);
      const key = JSON.parse(String(sqsMock.commandCalls(SendMessageCommand).at(-1)?.args[0].input.MessageBody)).key;
      return { login: who.item.address, code: emailCoder(secretValue('emailCodeKey'))(key) };
    };
    const wrong = (code: string) => (code === '000000' ? '111111' : '000000');
    const ok = await emailed(922);
    const byEmail = (code: string) => ({ body: { login: ok.login, code, newPassword: password, channel: 'email' } });
    expect((await call(byEmail(wrong(ok.code)))).status).toBe(400);
    expect((await call(byEmail(ok.code))).status).toBe(200);
    const spent = await emailed(923);
    for (let k = 0; k < 6; k++) {
      await call({ body: { login: spent.login, code: wrong(spent.code), newPassword: password, channel: 'email' } });
    }
    expect(seen.cognito).toEqual(expect.arrayContaining(['ConfirmForgotPasswordCommand', 'AdminSetUserPasswordCommand']));
    expect(seen.queues.length).toBeGreaterThanOrEqual(2);
  },

  async startLateRequest(call, seen) {
    memory.seed(TABLE_NAMES.directory, { pk: 'INSTITUTION#MSK-SCH-0001', sk: 'META', code: 'MSK-SCH-0001', name: 'Школа 1' });
    const { latinLocal: _l, ...row } = russianRow(930, 'MSK-SCH-0001');
    expect((await call({ body: row })).status).toBe(202);
    expect(seen.sms).toHaveLength(1);
    // An institution nobody registered is refused before any code is sent.
    const { latinLocal: _u, ...unknown } = russianRow(931, 'MSK-SCH-9999');
    expect((await call({ body: unknown })).body.errors[0].code).toBe('institution_unknown');
  },

  async verifyLateRequest(call, seen) {
    const start = caller(route('startLateRequest'), startLateRequest, { dynamo: [], sms: [], cognito: [], queues: [] });
    const request = async (row: Record<string, unknown>) => {
      const answer = await start({ body: row });
      expect(answer.status).toBe(202);
      return {
        requestId: answer.body.requestId as string,
        code: codeIn(snsMock.commandCalls(PublishCommand).at(-1)?.args[0].input.Message),
      };
    };
    const lateRow = (i: number) => {
      const { latinLocal: _l, ...row } = russianRow(i, 'MSK-SCH-0001');
      return row;
    };
    // A stranger: one wrong code, then the right one (the request waits for the school).
    const stranger = await request(lateRow(940));
    expect(
      (await call({ path: { requestId: stranger.requestId }, body: { code: stranger.code === '000000' ? '111111' : '000000' } })).status,
    ).toBe(400);
    const confirmed = await call({ path: { requestId: stranger.requestId }, body: { code: stranger.code } });
    expect(confirmed.status).toBe(200);
    // Its status token, read by the next route's flow.
    lastStatusToken = confirmed.body.statusToken;
    // A member on record: the same answer, and an SMS to the phone on record instead.
    const onRecord = member(941);
    const asked = await request({ ...lateRow(941), phone: russianRow(942).phone });
    const sent = seen.sms.length;
    expect((await call({ path: { requestId: asked.requestId }, body: { code: asked.code } })).status).toBe(200);
    expect(snsMock.commandCalls(PublishCommand).at(-1)?.args[0].input.PhoneNumber).toBe(onRecord.row.phone);
    expect(seen.sms.length).toBe(sent + 1);
    // Five wrong codes lock the request.
    const guessed = await request(lateRow(943));
    for (let k = 0; k < 5; k++)
      await call({ path: { requestId: guessed.requestId }, body: { code: guessed.code === '000000' ? '111111' : '000000' } });
  },

  async lateRequestStatus(call) {
    // The token of the stranger's proven request (verifyLateRequest's flow), then one nobody was given.
    expect(await call({ body: { token: lastStatusToken } })).toMatchObject({ status: 200, body: { state: 'pending' } });
    expect(await call({ body: { token: 'forged-token' } })).toMatchObject({ status: 404, body: { code: 'late_request_status_unknown' } });
  },
};

let startActivation: Handler;
let lastStatusToken = '';
let startLateRequest: Handler;
let forgotPassword: Handler;

describe('every public route uses exactly what its catalog binding grants', () => {
  beforeAll(async () => {
    vi.stubEnv('POSTA_PROFILE', 'ru-moscow');
    vi.stubEnv('AWS_REGION', 'eu-south-1');
    for (const table of Object.values(TABLES)) vi.stubEnv(table.env, TABLE_NAMES[table.id]);
    for (const queue of Object.values(QUEUES)) vi.stubEnv(queue.env, QUEUE_URL(queue.id));
    vi.stubEnv('USER_POOL_ID', 'eu-south-1_pool');
    vi.stubEnv('USER_POOL_CLIENT_ID', 'client');
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    snsMock.restore();
    sqsMock.restore();
    cognitoMock.restore();
  });

  it('has flows for every public route', () => {
    expect(Object.keys(FLOWS).sort()).toEqual(
      ROUTES.filter((r) => r.auth === 'public')
        .map((r) => r.id)
        .sort(),
    );
  });

  // In catalog order: the second steps reuse the first steps' handlers (loaded with their own secrets).
  it.each(ROUTES.filter((r) => r.auth === 'public').map((r) => [r.id, r] as const))(
    '%s',
    async (id, def) => {
      const handler = await loadAs(def);
      if (id === 'startActivation') startActivation = handler;
      if (id === 'startLateRequest') startLateRequest = handler;
      if (id === 'forgotPassword') forgotPassword = handler;
      const seen: Seen = { dynamo: [], sms: [], cognito: [], queues: [] };
      await FLOWS[id]?.(caller(def, handler, seen), seen);

      // DynamoDB: only bound tables; on a key-scoped table, only granted actions on granted prefixes.
      const tableId = (name: unknown) => (Object.entries(TABLE_NAMES).find(([, n]) => n === name)?.[0] ?? String(name)) as TableId;
      const tablesOf = (input: Record<string, unknown>): unknown[] =>
        input.TransactItems
          ? (input.TransactItems as Array<Record<string, { TableName: unknown }>>).map((t) => Object.values(t)[0]?.TableName)
          : input.RequestItems
            ? Object.keys(input.RequestItems as object)
            : [input.TableName];
      const touched = new Set(seen.dynamo.flatMap((c) => tablesOf(c.input).map(tableId)));
      expect([...touched].filter((t) => !def.tables?.[t])).toEqual([]);
      expect(seen.dynamo.flatMap((c) => refusedAccesses(def, c.command, c.input, TABLE_NAMES))).toEqual([]);

      // Every key-scoped grant is used: each action, and each prefix, by some flow.
      const grants = itemGrants(def.tables?.directory);
      for (const grant of grants ?? []) {
        const used = seen.dynamo.filter(
          (c) =>
            tablesOf(c.input).every((t) => t === TABLE_NAMES.directory) &&
            refusedAccesses({ tables: { directory: grant } }, c.command, c.input, TABLE_NAMES).length === 0,
        );
        const keys = used.flatMap((c) => JSON.stringify(c.input).match(/"pk":"[^"]*"/g) ?? []);
        expect(grant.leadingKeys.filter((p) => !keys.some((k) => k.startsWith(`"pk":"${p}`)))).toEqual([]);
        const actions = new Set(
          used.flatMap((c) => {
            const name = c.command.replace(/Command$/, '').replace(/Items?$/, '');
            if (name === 'TransactWrite')
              return (c.input.TransactItems as object[]).map(
                (t) => ({ Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem' })[Object.keys(t)[0] as 'Put'],
              );
            return [
              { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', BatchGet: 'BatchGetItem', Query: 'Query' }[
                name as 'Get'
              ],
            ];
          }),
        );
        expect(grant.actions.filter((a) => !actions.has(a))).toEqual([]);
      }

      // SMS, Cognito, queues: only as bound.
      if (!def.sendsSms) expect(seen.sms).toEqual([]);
      const allowedCognito = (def.userPool ?? []).map((a) => `${a.replace('cognito-idp:', '')}Command`);
      expect(seen.cognito.filter((c) => !allowedCognito.includes(c))).toEqual([]);
      const allowedQueues = (def.sendsTo ?? []).map(QUEUE_URL);
      expect(seen.queues.filter((q) => !allowedQueues.includes(q))).toEqual([]);
    },
    60_000,
  );
});
