import { beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { smsText } from '../../shared/i18n/sms-texts';
import { loadProfile } from '../../shared/profiles';
import type { Json } from '../helpers/api-client';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { type PublicAnswer, publicCall } from '../helpers/public-call';
import { italianMobile, italianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #12 item 6, through the HTTP API of the shared it-miur stack: a late request for a
 * member's details, proven with the requester's own phone, is answered exactly as anyone's (the
 * member is told on the phone on record instead of `409 already_member`); the public routes that
 * send SMS take only the profile's countries and stop a source past its hourly budget, shared by
 * the three routes (the number-range and deployment budgets are the same counters under other
 * keys: unit-tested in late-requests.test.ts). Each actor calls from a loopback address of its
 * own (the API sees it as the source IP).
 */
const profile = loadProfile('it-miur');
const STRANGER = '127.0.0.31';
const FLOODER = '127.0.0.33';

/** A late request's body for row i (no alternate email: the fixture's is empty). */
const lateRequest = (i: number, phone?: string) => {
  const { alternateEmail: _a, ...row } = italianRow(i);
  return phone ? { ...row, phone } : row;
};

describe('late requests resist strangers (it-miur)', () => {
  let stack: ProfileStack;
  const post = (path: string, body: unknown, from: string) => publicCall(stack.runtime.urls.api, 'POST', path, body, from);
  const smsTo = async (phone: string) =>
    (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
  const codeIn = (sms: SmsRecord | undefined) => /: (\d{6})$/.exec(sms?.message ?? '')?.[1] ?? '';
  /** Start and prove a late request from `from`; both answers. */
  async function proven(body: Json, from: string) {
    const started = await post('/v1/late-requests', body, from);
    expect(started.status).toBe(202);
    const code = codeIn((await smsTo(body.phone))[0]);
    const verified = await post(`/v1/late-requests/${started.body.requestId}/verify`, { code }, from);
    return { started, verified };
  }
  /**
   * Calls in concurrent rounds of 20 (each forgot-password answer has a time floor, so one at a
   * time would take a minute) until a round has a refusal, at most `max` calls: how many passed
   * and what the others got. Concurrent calls also prove the budget is counted atomically.
   */
  async function untilRefused(max: number, call: (i: number) => Promise<PublicAnswer>) {
    const window = () => Math.floor(Date.now() / 3_600_000);
    const firstWindow = window();
    const answers: PublicAnswer[] = [];
    for (let start = 0; start < max && answers.every((a) => a.status === 202); start += 20) {
      const round = Array.from({ length: Math.min(20, max - start) }, (_, k) => call(start + k));
      answers.push(...(await Promise.all(round)));
    }
    const refusals = answers.filter((a) => a.status !== 202);
    if (refusals.length === 0) throw new Error(`no refusal after ${max} calls`);
    return { passed: answers.length - refusals.length, refusals, sameWindow: window() === firstWindow };
  }

  beforeAll(async () => {
    stack = await profileStack('it-miur');
  }, 60_000);

  it('a member’s details proven with a stranger’s phone get the same bytes as anyone’s; the member is told on the phone on record', async () => {
    const member = italianRow(140_001);
    const operator = await stack.api.tokenOf('operator');
    expect((await stack.api.runImport(operator, toCsv([member]))).counts).toMatchObject({ created: 1, rejected: 0 });

    const forMember = await proven(lateRequest(140_001, italianMobile(140_101)), STRANGER);
    const forNobody = await proven(lateRequest(140_002, italianMobile(140_102)), STRANGER);
    const mask = (a: PublicAnswer) =>
      a.text.replace(/"requestId":"[0-9a-f-]{36}"/, '"requestId":"*"').replace(/"statusToken":"[\w-]{43}"/, '"statusToken":"*"');
    expect(forMember.verified.status).toBe(200);
    expect(mask(forMember.verified)).toBe(mask(forNobody.verified));
    expect(forNobody.verified.body).toMatchObject({ state: 'confirmed', message: expect.any(String) });
    // And so do their status tokens: both pending, byte for byte but for the id.
    const statusOf = (p: { verified: PublicAnswer }) => post('/v1/late-requests/status', { token: p.verified.body.statusToken }, STRANGER);
    expect(mask(await statusOf(forMember)).replace(/"confirmedAt":"[^"]+"/, '')).toBe(
      mask(await statusOf(forNobody)).replace(/"confirmedAt":"[^"]+"/, ''),
    );

    // The member's own phone is told, in the member's language, with the login; the stranger's
    // phone got its code and nothing else.
    const login = member.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
    const told = await smsTo(member.phone);
    expect(told.map((t) => t.message)).toEqual([smsText('already-member', 'it', { login, helpdeskPhone: profile.helpdesk.phone })]);
    expect(await smsTo(italianMobile(140_101))).toHaveLength(1);

    // Only the real newcomer waits for the school admin.
    const admin = await stack.api.tokenOf('school-admin');
    const listed = (await stack.api.call(admin, 'GET', '/v1/institutions/DEMO001/late-requests?state=awaiting-approval&limit=100')).body;
    const ids = listed.items.map((r: Json) => r.requestId);
    expect(ids).toContain(forNobody.started.body.requestId);
    expect(ids).not.toContain(forMember.started.body.requestId);
  });

  it('takes mobiles of the profile’s countries only (400, nothing sent)', async () => {
    const swiss = await post('/v1/late-requests', lateRequest(140_003, '+41791234567'), STRANGER);
    expect(swiss).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'body.phone' } });
    expect(swiss.body.errors).toEqual([
      {
        field: 'body.phone',
        code: 'phone_country_not_allowed',
        message: expect.stringContaining('+39'),
        detail: 'Codes are sent only to mobile numbers of this service’s countries.',
      },
    ]);
    expect(await smsTo('+41791234567')).toHaveLength(0);
  });

  it('stops a source past the profile’s hourly budget, on every public route that sends SMS', async () => {
    const limit = profile.publicSms.perSourceIpHourly;
    // Forgot password is the cheapest of the three to repeat (no phone, no code stored).
    const { passed, refusals, sameWindow } = await untilRefused(2 * limit + 1, (i) =>
      post('/v1/password/forgot', { login: `nobody${i}@posta.istruzione.it` }, FLOODER),
    );
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 429, body: { code: 'too_many_requests_from_network' } });
    if (sameWindow) expect(passed).toBe(limit);
    // The budget is the source's, not the route's: nothing is sent from there any more.
    const late = await post('/v1/late-requests', lateRequest(140_004), FLOODER);
    expect(late).toMatchObject({ status: 429, body: { code: 'too_many_requests_from_network' } });
    const person = italianRow(140_005);
    const activation = await post('/v1/activation', { nationalId: person.nationalId, phone: person.phone }, FLOODER);
    expect(activation).toMatchObject({ status: 429, body: { code: 'too_many_requests_from_network' } });
    expect(await smsTo(italianRow(140_004).phone)).toHaveLength(0);
    // Another network is not affected.
    expect((await post('/v1/password/forgot', { login: 'anyone@posta.istruzione.it' }, STRANGER)).status).toBe(202);
  });
});
