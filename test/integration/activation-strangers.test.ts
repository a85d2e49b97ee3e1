import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { eventually, scanTable } from '../helpers/local-clients';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { publicCall } from '../helpers/public-call';
import { italianMobile, italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #12 item 5, through the HTTP API of the shared it-miur stack: wrong codes on a stranger's
 * own attempts never lock the member; a source that keeps guessing is stopped; a member locked by
 * attempts whose code reached their phone is unlocked by support and can then activate.
 *
 * Each actor calls from a loopback address of its own (the local API sees it as the source IP).
 * Test-only time travel: the phone's one-code-a-minute cooldown is aged by deleting its counter
 * in DynamoDB Local, as activation.test.ts ages codes; the rule itself is unit-tested.
 */
const ATTACKER = '127.0.0.21';
const VICTIM = '127.0.0.22';
const LOCKEE_NET = '127.0.0.23';

describe('activation resists strangers (it-miur)', () => {
  const victim = italianRow(130_001);
  const lockee = italianRow(130_002);
  let stack: ProfileStack;
  const ids: Record<string, string> = {};

  const step1 = (r: Pick<StaffRow, 'nationalId' | 'phone'>, from: string) =>
    publicCall(stack.runtime.urls.api, 'POST', '/v1/activation', { nationalId: r.nationalId, phone: r.phone }, from);
  const step2 = (attemptId: string, code: string, from: string) =>
    publicCall(stack.runtime.urls.api, 'POST', `/v1/activation/${attemptId}/confirm`, { code }, from);
  const smsTo = async (phone: string) =>
    (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
  const codeIn = (sms: SmsRecord | undefined) => /: (\d{6})$/.exec(sms?.message ?? '')?.[1] ?? '';
  /** Step 1 from `from`; the code the member's phone received for it (newest SMS, once it is there). */
  async function codeFor(r: StaffRow, from: string) {
    const before = (await smsTo(r.phone)).length;
    const started = await step1(r, from);
    expect(started.status).toBe(202);
    const texts = await smsTo(r.phone);
    expect(texts).toHaveLength(before + 1);
    return { attemptId: started.body.attemptId as string, code: codeIn(texts[0]) };
  }
  /** Five wrong codes on one attempt: four `code_invalid`, then the attempt's tries are spent. */
  async function fiveWrong(attemptId: string, from: string, right = '') {
    const wrong = right === '000000' ? '111111' : '000000';
    const answers: Array<[number, string]> = [];
    for (let i = 0; i < 5; i++) {
      const out = await step2(attemptId, wrong, from);
      answers.push([out.status, out.body.code]);
    }
    expect(answers).toEqual([...Array(4).fill([400, 'code_invalid']), [429, 'too_many_attempts']]);
  }
  /** Test only: forgets this minute's one-code-per-phone counters (see the file's comment). */
  async function ageCooldowns() {
    const table = stack.runtime.resources.tables.directory;
    for (const item of await scanTable(stack.db, table)) {
      if (String(item.pk).startsWith('RATE#activation-phone:')) {
        await stack.db.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
      }
    }
  }

  beforeAll(async () => {
    stack = await profileStack('it-miur');
    const operator = await stack.api.tokenOf('operator');
    expect((await stack.api.runImport(operator, toCsv([victim, lockee]))).counts).toMatchObject({ created: 2, rejected: 0 });
    for (const r of [victim, lockee]) {
      const login = r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
      const { Item } = await stack.db.send(
        new GetCommand({ TableName: stack.runtime.resources.tables.directory, Key: { pk: `ADDRESS#${login}`, sk: 'ADDRESS' } }),
      );
      ids[r.phone] = Item?.memberId as string;
    }
    const admin = await stack.api.tokenOf('school-admin');
    const sent = await stack.api.call(admin, 'POST', '/v1/institutions/DEMO001/activation-notices', { memberIds: Object.values(ids) });
    expect(sent.body).toEqual({ queued: 2, skipped: 0 });
    for (const r of [victim, lockee]) {
      await eventually(
        () => smsTo(r.phone),
        (l) => l.length === 1,
      );
    }
  }, 120_000);

  it('a stranger’s wrong codes on attempts with their own phones never lock the member, who then activates', async () => {
    for (let a = 0; a < 3; a++) {
      const attack = await step1({ nationalId: victim.nationalId, phone: italianMobile(130_101 + a) }, ATTACKER);
      expect(attack.status).toBe(202);
      await fiveWrong(attack.body.attemptId, ATTACKER);
    }
    expect(await smsTo(italianMobile(130_101))).toHaveLength(0);

    const { attemptId, code } = await codeFor(victim, VICTIM);
    const done = await step2(attemptId, code, VICTIM);
    expect(done).toMatchObject({ status: 200, body: { message: 'password sent by SMS' } });
  });

  it('a source that keeps sending wrong codes is stopped before any code is compared', async () => {
    // 15 wrong codes so far from the attacker's network; five more on someone else's attempt.
    const other = await step1(italianRow(130_201), ATTACKER);
    await fiveWrong(other.body.attemptId, ATTACKER);
    const next = await step1(italianRow(130_202), ATTACKER);
    const stopped = await step2(next.body.attemptId, '123456', ATTACKER);
    expect(stopped).toMatchObject({ status: 429, body: { code: 'too_many_attempts', title: expect.stringContaining('network') } });
    // Another network is not affected.
    expect((await step2(next.body.attemptId, '123456', VICTIM)).body.code).toBe('code_invalid');
  });

  it('five wrong codes on an attempt whose code reached the member lock it; support’s unlock clears the lock and activation works', async () => {
    const memberId = ids[lockee.phone] as string;
    const first = await codeFor(lockee, LOCKEE_NET);
    await fiveWrong(first.attemptId, LOCKEE_NET, first.code);
    const support = await stack.api.tokenOf('support');
    const status = await stack.api.call(support, 'GET', `/v1/support/members/${memberId}`);
    expect(Date.parse(status.body.activationLockedUntil)).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    // Locked: step 1 answers as always and sends nothing (the SMS would have gone within the call).
    await ageCooldowns();
    const before = (await smsTo(lockee.phone)).length;
    expect((await step1(lockee, LOCKEE_NET)).status).toBe(202);
    expect(await smsTo(lockee.phone)).toHaveLength(before);

    const unlocked = await stack.api.call(support, 'POST', `/v1/support/members/${memberId}/unlock`, {
      reason: 'caller verified, ticket 512',
    });
    expect(unlocked).toMatchObject({ status: 200, body: { activationLockCleared: true, account: null } });
    expect((await stack.api.call(support, 'GET', `/v1/support/members/${memberId}`)).body.activationLockedUntil).toBeNull();
    const again = await stack.api.call(support, 'POST', `/v1/support/members/${memberId}/unlock`, { reason: 'double click' });
    expect(again.body.activationLockCleared).toBe(false);

    await ageCooldowns();
    const { attemptId, code } = await codeFor(lockee, LOCKEE_NET);
    const done = await step2(attemptId, code, LOCKEE_NET);
    expect(done).toMatchObject({ status: 200, body: { message: 'password sent by SMS' } });
  });
});
