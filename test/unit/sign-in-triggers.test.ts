import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PreAuthenticationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { addDays, fixedClock } from '../../shared/clock';
import type { Member } from '../../shared/members/member';
import { dynamoMemberStore, type MemberStore } from '../../shared/members/member-store';
import { loadProfile } from '../../shared/profiles';
import type { ProgressDelta, ProgressScope } from '../../shared/progress/progress-counters';
import { SignInRefusedError } from '../../shared/sign-in/check-sign-in';
import { recordSignIn, type SignIn } from '../../shared/sign-in/record-sign-in';
import { signInGate } from '../../shared/sign-in/sign-in-gate';

const CREATED = '2027-01-31T08:00:00.000Z';
const NOW = new Date('2027-02-02T10:00:00.000Z');

function member(over: Partial<Member> = {}): Member {
  return {
    memberId: 'm1',
    nidHmac: 'x',
    nidLast3: '12A',
    givenName: 'Maria',
    familyName: 'Bianchi',
    phone: '+393331234567',
    institutionCode: 'RMIC00001',
    category: 'teacher',
    oldAddress: 'maria.bianchi@istruzione.it',
    alternateEmail: null,
    locale: 'it',
    address: 'maria.bianchi@posta.istruzione.it',
    state: 'notified',
    rowHash: 'h',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    importJobId: 'j',
    lotId: 'lot-1',
    noticesSent: 1,
    accountCreatedAt: CREATED,
    duePk: 'NOTICE#2027-02-07#3',
    dueSk: 'm1',
    ...over,
  };
}

/** An in-memory member store with the Dynamo store's conditional semantics, recording counter moves. */
function fakeStore(initial: Member[]) {
  const byId = new Map(initial.map((m) => [m.memberId, { ...m }]));
  const moves: Array<{ scope: ProgressScope; delta: ProgressDelta }> = [];
  let writes = 0;
  let interfere: ((m: Member) => void) | null = null;
  const store: Pick<MemberStore, 'getByAddress' | 'advance'> = {
    async getByAddress(address) {
      const found = [...byId.values()].find((m) => m.address === address);
      return found ? { ...found } : null;
    },
    async advance(memberId, from, set, progress, remove = []) {
      const current = byId.get(memberId);
      if (current && interfere) {
        interfere(current);
        interfere = null;
      }
      if (!current || !from.includes(current.state)) return false;
      writes++;
      Object.assign(current, set);
      for (const key of remove) delete current[key];
      if (progress) moves.push(progress);
      return true;
    },
  };
  return {
    store,
    moves,
    writes: () => writes,
    member: (id = 'm1') => byId.get(id),
    /** Changes the stored member just before the next write, as a concurrent sign-in would. */
    beforeNextWrite: (fn: (m: Member) => void) => {
      interfere = fn;
    },
  };
}

function deps(fake: ReturnType<typeof fakeStore>, at: Date = NOW) {
  const audits: AuditEntry[] = [];
  return {
    audits,
    deps: {
      members: fake.store,
      audit: { record: async (e: AuditEntry) => void audits.push(e) },
      clock: fixedClock(at),
      profile: loadProfile('it-miur'),
    },
  };
}

const signIn = (over: Partial<SignIn> = {}): SignIn => ({
  login: 'maria.bianchi@posta.istruzione.it',
  sub: 'sub-1',
  userStatus: 'CONFIRMED',
  requestId: 'req-1',
  ...over,
});

describe('recordSignIn (PostAuthentication)', () => {
  it('first sign-in after NEW_PASSWORD_REQUIRED: activated, password recorded, counters moved, reminder dropped, audited', async () => {
    const fake = fakeStore([member()]);
    const { audits, deps: d } = deps(fake);
    const outcome = await recordSignIn(signIn(), d);

    expect(outcome).toEqual({ member: true, memberId: 'm1', activated: true, passwordRecorded: true });
    const stored = fake.member();
    expect(stored).toMatchObject({ state: 'activated', activatedAt: NOW.toISOString(), passwordChangedAt: NOW.toISOString() });
    expect(stored).not.toHaveProperty('duePk');
    expect(stored).not.toHaveProperty('dueSk');
    expect(fake.moves).toEqual([{ scope: { lotId: 'lot-1', institutionCode: 'RMIC00001' }, delta: { notified: -1, activated: 1 } }]);
    expect(audits.map((a) => [a.action, a.actor, a.target, a.institution, a.requestId, a.outcome])).toEqual([
      ['member.activated', 'sub-1', 'm1', 'RMIC00001', 'req-1', 'success'],
      ['password.first-set', 'sub-1', 'm1', 'RMIC00001', 'req-1', 'success'],
    ]);
    expect(audits[0]?.details).toEqual({ login: 'maria.bianchi@posta.istruzione.it', from: 'notified' });
  });

  it('a second sign-in changes nothing and audits nothing', async () => {
    const fake = fakeStore([member()]);
    const { audits, deps: d } = deps(fake);
    await recordSignIn(signIn(), d);
    const after = structuredClone(fake.member());
    const later = deps(fake, addDays(NOW, 1));
    const outcome = await recordSignIn(signIn({ requestId: 'req-2' }), later.deps);

    expect(outcome).toEqual({ member: true, memberId: 'm1', activated: false, passwordRecorded: false });
    expect(fake.member()).toEqual(after);
    expect(fake.writes()).toBe(1);
    expect(fake.moves).toHaveLength(1);
    expect(audits).toHaveLength(2);
    expect(later.audits).toEqual([]);
  });

  it('an account-created member leaves the accountCreated counter', async () => {
    const fake = fakeStore([member({ state: 'account-created', noticesSent: undefined, duePk: undefined, dueSk: undefined })]);
    await recordSignIn(signIn(), deps(fake).deps);
    expect(fake.member()?.state).toBe('activated');
    expect(fake.moves[0]?.delta).toEqual({ accountCreated: -1, activated: 1 });
  });

  it('a user without a member record (operator, demo user) changes nothing and does not fail', async () => {
    const fake = fakeStore([member()]);
    const { audits, deps: d } = deps(fake);
    expect(await recordSignIn(signIn({ login: 'demo.operator@posta.istruzione.it' }), d)).toEqual({ member: false });
    expect(fake.writes()).toBe(0);
    expect(audits).toEqual([]);
  });

  it('without CONFIRMED (status not given) the member is activated but no chosen password is recorded', async () => {
    const fake = fakeStore([member()]);
    const { audits, deps: d } = deps(fake);
    expect(await recordSignIn(signIn({ userStatus: undefined }), d)).toMatchObject({ activated: true, passwordRecorded: false });
    expect(fake.member()).not.toHaveProperty('passwordChangedAt');
    expect(audits.map((a) => a.action)).toEqual(['member.activated']);
  });

  it('an activated member whose temporary password was re-issued: only passwordChangedAt, no counter moves', async () => {
    const fake = fakeStore([
      member({ state: 'activated', passwordChangedAt: '2027-02-01T00:00:00.000Z', temporaryPasswordSetAt: '2027-02-02T09:00:00.000Z' }),
    ]);
    const { audits, deps: d } = deps(fake);
    expect(await recordSignIn(signIn(), d)).toMatchObject({ activated: false, passwordRecorded: true });
    expect(fake.member()).toMatchObject({ state: 'activated', passwordChangedAt: NOW.toISOString() });
    expect(fake.moves).toEqual([]);
    // Not the first password the member chose: the one set after a reset.
    expect(audits.map((a) => a.action)).toEqual(['password.set-after-reset']);
  });

  it('a password already chosen after the temporary one is not recorded again', async () => {
    const fake = fakeStore([member({ state: 'activated', passwordChangedAt: '2027-02-01T00:00:00.000Z' })]);
    expect(await recordSignIn(signIn(), deps(fake).deps)).toMatchObject({ activated: false, passwordRecorded: false });
    expect(fake.writes()).toBe(0);
  });

  it('a concurrent sign-in that activated the member first: re-read, nothing left to do, counted once', async () => {
    const fake = fakeStore([member()]);
    fake.beforeNextWrite((m) => Object.assign(m, { state: 'activated', passwordChangedAt: NOW.toISOString() }));
    const { audits, deps: d } = deps(fake);
    expect(await recordSignIn(signIn(), d)).toMatchObject({ activated: false, passwordRecorded: false });
    expect(fake.moves).toEqual([]);
    expect(audits).toEqual([]);
  });

  it('never writes a password or the event into the audit trail', async () => {
    const fake = fakeStore([member()]);
    const { audits, deps: d } = deps(fake);
    await recordSignIn(signIn(), d);
    expect(JSON.stringify(audits)).not.toMatch(/password"\s*:/i);
  });
});

describe('signInGate (PreAuthentication)', () => {
  const it_ = loadProfile('it-miur');
  const tr = loadProfile('tr-meb');
  const event = (over: Partial<PreAuthenticationTriggerEvent['request']> = {}, userName = 'maria.bianchi@posta.istruzione.it') =>
    ({
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'eu-south-1',
      userPoolId: 'pool',
      userName,
      callerContext: { awsSdkVersion: 'x', clientId: 'c' },
      request: { userAttributes: { 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' }, ...over },
      response: {},
    }) as PreAuthenticationTriggerEvent;
  const minutes = (n: number) => new Date(Date.parse(CREATED) + n * 60_000);
  const gate = (m: Member[], at: Date, profile = it_) => signInGate({ members: fakeStore(m).store, profile, clock: fixedClock(at) });

  it('temporary password: allowed at 6d23h59m, refused at exactly 7d with a clear sentence and the code', async () => {
    const e = event();
    await expect(gate([member()], minutes(7 * 1440 - 1))(e)).resolves.toBe(e);
    const refused = gate([member()], minutes(7 * 1440))(e);
    await expect(refused).rejects.toBeInstanceOf(SignInRefusedError);
    await expect(refused).rejects.toThrow(
      `[temporary_password_expired] Your temporary password expired on 2027-02-07 08:00 UTC; ask your school administrator or the helpdesk (${it_.helpdesk.email}) for a new one.`,
    );
  });

  it('a recorded temporaryPasswordSetAt (a re-issue) counts from its own date', async () => {
    const m = member({ passwordChangedAt: '2027-02-01T00:00:00.000Z', temporaryPasswordSetAt: '2027-02-10T00:00:00.000Z' });
    await expect(gate([m], new Date('2027-02-16T23:59:00.000Z'))(event())).resolves.toBeDefined();
    await expect(gate([m], new Date('2027-02-17T00:00:00.000Z'))(event())).rejects.toMatchObject({ code: 'temporary_password_expired' });
  });

  it('a CONFIRMED user has chosen a password: the temporary deadline no longer applies, even if it was not recorded', async () => {
    const e = event({ userAttributes: { 'cognito:user_status': 'CONFIRMED' } });
    await expect(gate([member()], minutes(30 * 1440))(e)).resolves.toBe(e);
  });

  it('max password age (tr-meb): allowed on day 29, refused at 30d', async () => {
    const m = member({ passwordChangedAt: CREATED, accountCreatedAt: '2027-01-30T00:00:00.000Z' });
    const e = event({ userAttributes: { 'cognito:user_status': 'CONFIRMED' } });
    await expect(gate([m], minutes(29 * 1440), tr)(e)).resolves.toBe(e);
    await expect(gate([m], minutes(30 * 1440), tr)(e)).rejects.toThrow(
      /^\[password_expired\] Your password expired on 2027-03-02 08:00 UTC;/,
    );
  });

  it('users without a member record, and logins Cognito does not know, are let through to Cognito', async () => {
    const operator = event({ userAttributes: { 'cognito:user_status': 'CONFIRMED' } }, 'demo.operator@posta.istruzione.it');
    await expect(gate([member()], minutes(365 * 1440))(operator)).resolves.toBe(operator);
    const unknown = event({ userNotFound: true }, 'nobody@posta.istruzione.it');
    await expect(
      signInGate({ members: { getByAddress: () => Promise.reject(new Error('not called')) }, profile: it_, clock: fixedClock(NOW) })(
        unknown,
      ),
    ).resolves.toBe(unknown);
  });

  it('a failed lookup refuses (throws) rather than letting an expired password through', async () => {
    const failing = signInGate({
      members: { getByAddress: () => Promise.reject(new Error('DynamoDB down')) },
      profile: it_,
      clock: fixedClock(NOW),
    });
    await expect(failing(event())).rejects.toThrow('DynamoDB down');
  });
});

describe('member store writes for sign-in', () => {
  const db = mockClient(DynamoDBDocumentClient);
  const store = dynamoMemberStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' })), 'T');

  it('advance removes the given attributes in the same conditional update as the state change', async () => {
    db.reset();
    db.on(TransactWriteCommand).resolves({});
    await store.advance('m1', ['notified'], { state: 'activated' }, { scope: { institutionCode: 'I' }, delta: { activated: 1 } }, [
      'duePk',
      'dueSk',
    ]);
    const update = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Update;
    expect(update?.UpdateExpression).toMatch(/^SET .* REMOVE duePk, dueSk$/);
    expect(update?.ConditionExpression).toBe('#state IN (:from0)');
  });

  it('advance without attributes to remove keeps its old update (existing callers)', async () => {
    db.reset();
    db.on(UpdateCommand).resolves({});
    await store.advance('m1', ['pending'], { state: 'account-created' });
    expect(db.commandCalls(UpdateCommand)[0]?.args[0].input.UpdateExpression).not.toMatch(/REMOVE/);
  });

  it('recordNotice only counts a reminder for a member still notified (a sign-in in between wins)', async () => {
    db.reset();
    db.on(UpdateCommand).resolves({});
    await store.recordNotice('m1', 1, NOW.toISOString(), null);
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toMatch(/^noticesSent = :before AND #state = :notified\b/);
    expect(input?.ExpressionAttributeNames).toMatchObject({ '#state': 'state' });
    expect(input?.ExpressionAttributeValues?.[':notified']).toBe('notified');
  });
});
