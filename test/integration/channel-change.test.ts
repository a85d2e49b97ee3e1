import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { smsText } from '../../shared/i18n/sms-texts';
import { loadProfile } from '../../shared/profiles';
import type { Json } from '../helpers/api-client';
import { eventually, localClients, sesStore } from '../helpers/local-clients';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { italianMobile, italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #12, "changing where credentials go is guarded", through the HTTP API of the shared it-miur
 * stack. The attack: a school admin re-imports a member who has an account with a new phone (and
 * alternate email). The old phone and address are told; for 24 hours no reset reaches the new
 * phone — support's and the officer's alike answer 409 `channel_recently_changed` with when it
 * clears — until an operator confirms. A lot member whose phone changed before the launch waits
 * instead of getting its temporary password, and is provisioned when an operator confirms or, by
 * the release schedule, when the hold is over.
 *
 * The account's recovery phone (Cognito's `phone_number`, where forgot-password codes go) stays
 * the old one while the change is held and follows the new phone on an operator's confirmation or,
 * by the `sync-recovery-phones` schedule run "as of" after the hold, by itself.
 *
 * Test-only time travel: "the hold is over" is made by ageing the member's `phoneChangedAt` and
 * hold in DynamoDB Local (the consumers run on the real clock), as activation.test.ts ages codes.
 */
const profile = loadProfile('it-miur');
const loginOf = (r: StaffRow) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
const passwordIn = (sms: SmsRecord | undefined) => /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(sms?.message ?? '')?.[1] ?? 'missing';
const HOUR = 3_600_000;

describe('changing where credentials go is guarded (it-miur)', () => {
  let stack: ProfileStack;
  const table = () => stack.runtime.resources.tables.directory;
  const smsTo = async (phone: string) =>
    (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
  async function memberOf(r: StaffRow): Promise<Json> {
    const { Item: address } = await stack.db.send(
      new GetCommand({ TableName: table(), Key: { pk: `ADDRESS#${loginOf(r)}`, sk: 'ADDRESS' } }),
    );
    const { Item } = await stack.db.send(new GetCommand({ TableName: table(), Key: { pk: `MEMBER#${address?.memberId}`, sk: 'MEMBER' } }));
    return Item as Json;
  }
  /** A lot of these members, launched "as of" its launch time. */
  async function launch(rows: StaffRow[], name: string) {
    const operator = await stack.api.tokenOf('operator');
    const memberIds = await Promise.all(rows.map(async (r) => (await memberOf(r)).memberId));
    const lot = await stack.api.call(operator, 'POST', '/v1/lots', {
      name,
      launchAt: new Date(Date.now() + HOUR).toISOString(),
      selection: { kind: 'members', memberIds },
    });
    expect(lot.status).toBe(201);
    await runJob(stack.runtime, 'launch-lots', lot.body.launchAt);
  }

  /** The account's recovery phone: Cognito's verified `phone_number`, where self-service reset codes go. */
  async function recoveryPhoneOf(r: StaffRow) {
    const user = await localClients(stack.runtime).cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.runtime.resources.userPoolId, Username: loginOf(r) }),
    );
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    return { phone: attribute('phone_number'), verified: attribute('phone_number_verified') };
  }

  const member = { ...italianRow(150_001), alternateEmail: 'old.150001@example.org' };
  const newPhone = italianMobile(150_101);
  /** Has an account; its phone changes and nobody confirms: the schedule moves the recovery phone when the hold is over. */
  const follower = italianRow(150_004);
  const followerPhone = italianMobile(150_104);
  const [byOperator, bySchedule] = [italianRow(150_002), italianRow(150_003)] as [StaffRow, StaffRow];
  const moved = [byOperator, bySchedule].map((r, i) => ({ ...r, phone: italianMobile(150_102 + i) })) as [StaffRow, StaffRow];

  beforeAll(async () => {
    stack = await profileStack('it-miur');
    const operator = await stack.api.tokenOf('operator');
    expect((await stack.api.runImport(operator, toCsv([member, byOperator, bySchedule, follower]))).counts).toMatchObject({ created: 4 });
    await launch([member, follower], 'Channel change');
    for (const r of [member, follower]) {
      await eventually(
        () => smsTo(r.phone),
        (l) => l.length === 1,
        60_000,
      );
    }
    // The attack: the institution's school admin re-imports the member with another phone and
    // address. The same file moves two members of a lot not launched yet to new phones.
    const admin = await stack.api.tokenOf('school-admin');
    const changed = { ...member, phone: newPhone, alternateEmail: 'new.150001@example.org' };
    expect((await stack.api.runImport(admin, toCsv([changed, ...moved, { ...follower, phone: followerPhone }]))).counts).toMatchObject({
      updated: 4,
    });
    await launch(moved, 'Held at launch');
  }, 240_000);

  it('the #12 attack: the old phone and address are told; no reset reaches the new phone until an operator confirms', async () => {
    const { memberId } = await memberOf(member);
    const operator = await stack.api.tokenOf('operator');
    const admin = await stack.api.tokenOf('school-admin');
    const told = await smsTo(member.phone);
    expect(told[0]?.message).toBe(smsText('contact-changed', 'it', { helpdeskPhone: profile.helpdesk.phone }));
    const mail = await eventually(
      async () =>
        (await sesStore(stack.runtime)).find((m) => m.destination.to.includes('old.150001@example.org') && /cambiati/.test(m.subject)),
      (m) => m !== undefined,
    );
    expect(mail?.body.text).toContain(loginOf(member));
    expect(await smsTo(newPhone)).toHaveLength(0);

    // Within the hold: support's reset and the officer's are refused, saying when it clears; nothing is sent or filed.
    const support = await stack.api.tokenOf('support');
    const reset = await stack.api.call(support, 'POST', `/v1/support/members/${memberId}/reset-password`, { reason: 'lost the phone' });
    expect(reset).toMatchObject({ status: 409, body: { code: 'channel_recently_changed', channels: 'phone' } });
    expect(Math.abs(Date.parse(reset.body.clearsAt) - (Date.now() + 24 * HOUR))).toBeLessThan(5 * 60_000);
    const officer = await stack.api.tokenOf('officer');
    const form = {
      number: 'CHG-150001',
      signedOn: '2026-11-20',
      approverName: 'Dirigente',
      approverTitle: 'DS',
      archivedAt: 'Protocollo 7',
    };
    const filed = await stack.api.call(officer, 'POST', '/v1/reset-requests', { memberId, form });
    expect(filed).toMatchObject({ status: 409, body: { code: 'channel_recently_changed' } });
    expect(await smsTo(newPhone)).toHaveLength(0);

    // Cognito's reset codes still go to the old phone while the change is held.
    expect(await recoveryPhoneOf(member)).toEqual({ phone: member.phone, verified: 'true' });

    // Only an operator confirms, with a reason.
    const path = `/v1/members/${memberId}/channel-change/confirm`;
    expect((await stack.api.call(admin, 'POST', path, { reason: 'the school says so' })).status).toBe(403);
    expect((await stack.api.call(operator, 'POST', path, {})).body).toMatchObject({ code: 'validation_failed', field: 'body.reason' });
    const confirmed = await stack.api.call(operator, 'POST', path, { reason: 'ticket 88: the teacher confirmed the new phone in person' });
    expect(confirmed).toMatchObject({
      status: 200,
      body: { memberId, channels: ['phone', 'alternateEmail'], released: false, recoveryPhone: 'updated' },
    });
    // The confirmed phone is the account's recovery phone at once (forgot-password codes go to it).
    expect(await recoveryPhoneOf(member)).toEqual({ phone: newPhone, verified: 'true' });
    expect((await stack.api.call(operator, 'POST', path, { reason: 'again' })).body.code).toBe('channel_change_not_held');

    const after = await stack.api.call(support, 'POST', `/v1/support/members/${memberId}/reset-password`, { reason: 'lost the phone' });
    expect(after).toMatchObject({ status: 200, body: { smsRejected: false } });
    expect(passwordIn((await smsTo(newPhone))[0])).not.toBe('missing');
    const trail = (await stack.api.call(operator, 'GET', `/v1/audit?target=${memberId}&limit=50`)).body.items as Json[];
    expect(trail.find((i) => i.action === 'member.channel-change-confirmed')).toMatchObject({
      outcome: 'success',
      reason: expect.stringContaining('ticket 88'),
    });
    expect(trail.find((i) => i.action === 'member.recovery-phone-updated')).toMatchObject({ role: 'operator', outcome: 'success' });
    expect(JSON.stringify(trail)).not.toContain(newPhone.slice(-7));
  });

  it('nobody confirms: the account’s recovery phone follows the new phone when the schedule runs after the hold, not before', async () => {
    const { memberId } = await memberOf(follower);
    const sync = (at: number) => runJob(stack.runtime, 'sync-recovery-phones', new Date(at).toISOString());
    expect(await sync(Date.now() + 23 * HOUR)).not.toMatch(/"updated": [1-9]/);
    expect(await recoveryPhoneOf(follower)).toEqual({ phone: follower.phone, verified: 'true' });
    expect(await sync(Date.now() + 24 * HOUR + 60_000)).toMatch(/"updated": [1-9]/);
    expect(await recoveryPhoneOf(follower)).toEqual({ phone: followerPhone, verified: 'true' });
    // Off the list: the entry is gone, and a later run changes nothing.
    const { Item } = await stack.db.send(
      new GetCommand({ TableName: table(), Key: { pk: `RECOVERY-PHONE#${memberId}`, sk: 'RECOVERY-PHONE' } }),
    );
    expect(Item).toBeUndefined();
    const operator = await stack.api.tokenOf('operator');
    const trail = (await stack.api.call(operator, 'GET', `/v1/audit?target=${memberId}&limit=50`)).body.items as Json[];
    expect(trail.filter((i) => i.action === 'member.recovery-phone-updated')).toEqual([
      expect.objectContaining({ role: 'system', outcome: 'success' }),
    ]);
  });

  it('a lot member whose phone changed before the launch waits: released by an operator’s confirmation, or by the schedule once the hold is over', async () => {
    const operator = await stack.api.tokenOf('operator');
    const waiting = await Promise.all(
      moved.map((r) =>
        eventually(
          () => memberOf(r),
          (m) => m.credentialsHeldUntil !== undefined,
          60_000,
        ),
      ),
    );
    // Waiting, not provisioned: nothing was sent to either phone, old or new (members not yet reached are not told).
    for (const [i, r] of moved.entries()) {
      expect(waiting[i]).toMatchObject({ state: 'pending', duePk: 'CREDENTIALS-HELD' });
      expect([...(await smsTo(r.phone)), ...(await smsTo([byOperator, bySchedule][i]?.phone ?? ''))]).toHaveLength(0);
    }

    // An operator confirms the first: it is provisioned at once, its password goes to the new phone.
    const confirmed = await stack.api.call(operator, 'POST', `/v1/members/${waiting[0]?.memberId}/channel-change/confirm`, {
      reason: 'HR corrected a typo',
    });
    expect(confirmed.body).toMatchObject({ channels: ['phone'], released: true });
    await eventually(
      () => smsTo(moved[0].phone),
      (l) => l.length === 1,
      60_000,
    );

    // The second heals by itself: its hold aged past its end (test only), the release schedule sends it on.
    const aged = new Date(Date.now() - 25 * HOUR).toISOString();
    await stack.db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `MEMBER#${waiting[1]?.memberId}`, sk: 'MEMBER' },
        UpdateExpression: 'SET phoneChangedAt = :aged, credentialsHeldUntil = :over, dueSk = :sk',
        ExpressionAttributeValues: {
          ':aged': aged,
          ':over': new Date(Date.now() - HOUR).toISOString(),
          ':sk': `${aged}#${waiting[1]?.memberId}`,
        },
      }),
    );
    const out = await runJob(stack.runtime, 'release-held-credentials', new Date().toISOString());
    expect(out).toMatch(/"released": 1/);
    await eventually(
      () => smsTo(moved[1].phone),
      (l) => l.length === 1,
      60_000,
    );
    const provisioned = await eventually(
      () => memberOf(moved[1]),
      (m) => m.state === 'notified',
    );
    expect(provisioned.credentialsHeldUntil).toBeUndefined();
  }, 120_000);
});
