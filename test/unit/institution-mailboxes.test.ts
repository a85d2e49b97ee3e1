import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Clock } from '../../shared/clock';
import type { DeadlineStore } from '../../shared/deadlines/deadline-store';
import { fileDeadline } from '../../shared/deadlines/file-deadline';
import { sweepDeadlines } from '../../shared/deadlines/sweep';
import type { EmailMessage } from '../../shared/email/email-message';
import { DomainError } from '../../shared/errors';
import { type InstitutionMailbox, isInstitutionMailbox, withHolder } from '../../shared/institution-mailboxes/institution-mailbox';
import type { InstitutionMailboxStore } from '../../shared/institution-mailboxes/institution-mailbox-store';
import {
  getInstitutionMailbox,
  listInstitutionMailboxes,
  type MailboxDeps,
  registerInstitutionMailbox,
} from '../../shared/institution-mailboxes/institution-mailbox-use-cases';
import type { ResponsibleChange } from '../../shared/institution-mailboxes/responsible-change';
import type { ResponsibleChangeStore } from '../../shared/institution-mailboxes/responsible-change-store';
import {
  approveResponsibleChange,
  fileResponsibleChange,
  listResponsibleChanges,
  type ResponsibleChangeDeps,
  rejectResponsibleChange,
} from '../../shared/institution-mailboxes/responsible-change-use-cases';
import type { Member } from '../../shared/members/member';
import { loadProfile, type Profile } from '../../shared/profiles';
import type { ResetRequest } from '../../shared/resets/reset-request';
import type { ResetRequestStore } from '../../shared/resets/reset-request-store';
import { approveResetRequest, fileResetRequest, type ResetRequestDeps } from '../../shared/resets/reset-use-cases';
import { actorOf, held } from '../helpers/actors';

const TR = loadProfile('tr-meb');
const OWN = 'OKUL0001';
const FAR = 'OKUL0002';
const DAY = 86_400_000;

const person = (i: number, institutionCode = OWN): Member => ({
  memberId: `m-${i.toString(16).padStart(24, '0')}`,
  nidHmac: 'h'.repeat(64),
  nidLast3: '123',
  givenName: `Ayşe${i}`,
  familyName: 'Yılmaz',
  phone: `+90532${String(1_000_000 + i)}`,
  institutionCode,
  category: 'teacher',
  oldAddress: null,
  alternateEmail: `ayse.${i}@example.com.tr`,
  locale: 'tr',
  address: `ayse.yilmaz${i}@meb.k12.tr`,
  state: 'notified',
  rowHash: 'r',
  createdAt: '2027-01-01T00:00:00Z',
  updatedAt: '2027-01-01T00:00:00Z',
  importJobId: 'job',
});
const A = person(1);
const B = person(2);
const ELSEWHERE = person(3, FAR);

const officer = (action: string, institution = OWN, sub = 'officer-1') => actorOf(action, [held('officer', institution)], { sub });
const approver = (action: string, sub = 'approver-1') => actorOf(action, [held('approver', OWN)], { sub });
const FORM = (number: string) => ({
  number,
  signedOn: '2027-03-01',
  approverName: 'Mehmet Yılmaz',
  approverTitle: 'Müdür',
  archivedAt: 'Arşiv',
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.code}${error.field ? ` ${error.field}` : ''}`;
    throw error;
  }
};

/** In-memory directory table, Cognito, SNS and audit, with the DynamoDB stores' conditions. */
function world(profile: Profile = TR) {
  let now = new Date('2027-03-02T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const accounts = new Map<string, Member>();
  const addresses = new Map<string, string>();
  const changes = new Map<string, ResponsibleChange>();
  const requests = new Map<string, ResetRequest>();
  const cognito = new Map<string, { enabled: boolean; groups: string[]; passwords: number }>();
  const sms: Array<{ phone: string; text: string }> = [];
  const emails: EmailMessage[] = [];
  const audits: AuditEntry[] = [];
  const counters: Record<string, number> = {};
  const passwords: string[] = [];
  const failing = { password: false };
  for (const m of [A, B, ELSEWHERE]) {
    accounts.set(m.memberId, structuredClone(m));
    addresses.set(m.address, m.memberId);
    cognito.set(m.address, { enabled: true, groups: ['staff'], passwords: 1 });
  }
  const members = {
    get: async (id: string) => structuredClone(accounts.get(id) ?? null),
    getMany: async (ids: string[]) =>
      new Map(ids.flatMap((id) => (accounts.has(id) ? [[id, structuredClone(accounts.get(id) as Member)]] : []))),
    addressOwners: async (list: readonly string[]) =>
      new Map(list.flatMap((a) => (addresses.has(a) ? [[a, addresses.get(a) as string]] : []))),
    async advance(
      id: string,
      from: Member['state'][],
      set: Partial<Member>,
      progress?: { scope: object; delta: object },
      remove: Array<keyof Member> = [],
    ) {
      const m = accounts.get(id);
      if (!m || !from.includes(m.state)) return false;
      Object.assign(m, structuredClone(set));
      for (const k of remove) delete m[k];
      const scope = JSON.stringify(progress?.scope ?? {});
      for (const [k, v] of Object.entries(progress?.delta ?? {}))
        counters[`${scope}${k}`] = (counters[`${scope}${k}`] ?? 0) + (v as number);
      return true;
    },
  };
  const mailboxes: InstitutionMailboxStore = {
    async create(m) {
      if (addresses.has(m.address) || accounts.has(m.memberId)) return false;
      addresses.set(m.address, m.memberId);
      accounts.set(m.memberId, structuredClone(m));
      return true;
    },
    get: async (id) => {
      const m = accounts.get(id);
      return m && isInstitutionMailbox(m) ? structuredClone(m) : null;
    },
    async discard(m) {
      if (accounts.get(m.memberId)?.state !== 'pending') return;
      accounts.delete(m.memberId);
      addresses.delete(m.address);
    },
    list: async (code) => ({
      items: [...accounts.values()].filter((m): m is InstitutionMailbox => isInstitutionMailbox(m) && m.institutionCode === code),
      nextCursor: null,
    }),
  };
  const directory = {
    async createUser(login: string, _attributes: Record<string, string>, options = { staff: true }) {
      if (cognito.has(login)) return 'existed' as const;
      cognito.set(login, { enabled: true, groups: options.staff ? ['staff'] : [], passwords: 0 });
      return 'created' as const;
    },
    async setTemporaryPassword(login: string, password: string) {
      if (failing.password) throw new Error('Cognito is down');
      passwords.push(password);
      const account = cognito.get(login);
      if (account) account.passwords++;
    },
    userStatus: async (login: string) => {
      const a = cognito.get(login);
      return a ? { enabled: a.enabled, status: 'CONFIRMED' } : null;
    },
    enableUser: async (login: string) => void Object.assign(cognito.get(login) ?? {}, { enabled: true }),
    disableUser: async (login: string) => void Object.assign(cognito.get(login) ?? {}, { enabled: false }),
    signOutEverywhere: async () => {},
  };
  const smsSender = { send: async (phone: string, text: string) => String(sms.push({ phone, text })) };
  const audit = { record: async (e: AuditEntry) => void audits.push(structuredClone(e)) };
  let ids = 0;
  const register: MailboxDeps = {
    mailboxes,
    members,
    directory,
    registry: { known: async (codes) => new Set(codes.filter((c) => c === OWN || c === FAR)) },
    sms: smsSender,
    failures: { record: async () => 'recorded' },
    audit,
    profile,
    clock,
    newId: () => `mb-${String(++ids).padStart(24, '0')}`,
  };
  const changeStore: ResponsibleChangeStore = {
    create: async (c) => void changes.set(c.changeId, structuredClone(c)),
    get: async (id) => structuredClone(changes.get(id) ?? null),
    async close(c, to, set = {}) {
      const current = changes.get(c.changeId);
      if (current?.state !== 'awaiting-approval') return false;
      Object.assign(current, set, { state: to });
      return true;
    },
    async apply(c, decided) {
      const current = changes.get(c.changeId);
      if (current?.state !== 'awaiting-approval') return 'decided';
      const box = accounts.get(c.mailboxId);
      if (!box || box.responsibleMemberId !== c.fromMemberId) return 'responsible_changed';
      Object.assign(current, decided, { state: 'done' });
      box.responsibleMemberId = c.toMemberId;
      return 'applied';
    },
    list: async (code, state) => ({
      items: [...changes.values()].filter((c) => c.institutionCode === code && c.state === state),
      nextCursor: null,
    }),
    awaitingSince: async (code, filedBy) =>
      [...changes.values()].filter((c) => c.institutionCode === code && c.state === 'awaiting-approval' && c.filedAt <= filedBy),
  };
  const requestStore: ResetRequestStore = {
    async create(r) {
      if ([...requests.values()].some((x) => x.institutionCode === r.institutionCode && x.form.number === r.form.number)) return false;
      requests.set(r.requestId, structuredClone(r));
      return true;
    },
    requestIdOfForm: async () => null,
    get: async (id) => structuredClone(requests.get(id) ?? null),
    async move(r, from, to, set = {}) {
      const current = requests.get(r.requestId);
      if (!current || !from.includes(current.state)) return false;
      Object.assign(current, set, { state: to });
      return true;
    },
    list: async () => ({ items: [], nextCursor: null }),
    awaitingSince: async () => [],
    claimed: async () => [],
    attachFormScan: async () => false,
  };
  let requestIds = 0;
  const reset: ResetRequestDeps = {
    requests: requestStore,
    members,
    accounts: directory,
    directory,
    sms: smsSender,
    failures: { record: async () => 'recorded' },
    enqueueEmail: async (m) => void emails.push(m),
    audit,
    profile,
    clock,
    newId: () => `00000000-0000-4000-9000-${String(++requestIds).padStart(12, '0')}`,
  };
  let changeIds = 0;
  const change: ResponsibleChangeDeps = {
    changes: changeStore,
    mailboxes,
    members,
    sms: smsSender,
    reset,
    audit,
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++changeIds).padStart(12, '0')}`,
  };
  const deadlines: DeadlineStore = {
    due: async (partition, until) =>
      [...accounts.values()]
        .filter((m) => m.deadlinePk === partition && (m.deadlineSk as string) < `${until}$`)
        .map((m) => ({ memberId: m.memberId, deadlineSk: m.deadlineSk as string })),
    async settle(seen, set, remove, progress) {
      const m = accounts.get(seen.memberId);
      if (!m || m.state !== seen.state || m.deadlineSk !== seen.deadlineSk) return false;
      return members.advance(seen.memberId, [seen.state], set, progress, remove);
    },
  };
  const sweep = () =>
    sweepDeadlines({
      deadlines,
      members,
      accounts: directory,
      sms: smsSender,
      enqueueEmail: async (m) => void emails.push(m),
      audit,
      profile: TR,
      clock,
      runId: 'run',
    });
  /** The mailbox's first sign-in with a chosen password, as the PostAuthentication trigger records it. */
  const chooseOwnPassword = (id: string) => {
    const m = accounts.get(id) as Member;
    Object.assign(m, { state: 'activated', passwordChangedAt: now.toISOString(), passwordWarningsSent: [] });
    Object.assign(m, fileDeadline(id, m, TR).set);
  };
  const later = (days: number) => {
    now = new Date(now.getTime() + days * DAY);
  };
  return { register, change, reset, sweep, accounts, cognito, sms, emails, audits, counters, passwords, failing, later, chooseOwnPassword };
}

const BODY = { address: 'Okul.Mudurluk@meb.k12.tr', institutionCode: OWN, name: 'Okul müdürlüğü', responsibleMemberId: A.memberId };

async function registered(w: ReturnType<typeof world>) {
  const out = await registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox'), w.register, 'req-1');
  return out.mailboxId;
}

describe('registering an institution mailbox', () => {
  it('creates its account in no group and texts its first temporary password to the responsible person, never anywhere else', async () => {
    const w = world();
    const out = await registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox'), w.register, 'req-1');
    expect(out).toMatchObject({
      address: 'okul.mudurluk@meb.k12.tr',
      institutionCode: OWN,
      name: 'Okul müdürlüğü',
      state: 'notified',
      responsible: { memberId: A.memberId, current: true, phone: '+90*******001' },
      smsDelivered: true,
      nextDeadline: { kind: 'temporary-password' },
    });
    expect(w.cognito.get('okul.mudurluk@meb.k12.tr')).toMatchObject({ groups: [], passwords: 1 });
    expect(w.sms).toEqual([{ phone: A.phone, text: expect.stringContaining('okul.mudurluk@meb.k12.tr') }]);
    const [password] = w.passwords;
    expect(w.sms[0]?.text.endsWith(`: ${password}`)).toBe(true);
    expect(JSON.stringify([out, w.audits, [...w.accounts.values()]])).not.toContain(password);
    expect(w.accounts.get(out.mailboxId)).toMatchObject({ phone: '', nidHmac: '', kind: 'institution-mailbox' });
    // Counted apart from the staff.
    expect(w.counters).toEqual({ [`{"institutionMailboxes":"${OWN}"}notified`]: 1 });
    expect(w.audits).toEqual([
      expect.objectContaining({ action: 'institution-mailbox.registered', target: out.mailboxId, institution: OWN, outcome: 'success' }),
    ]);
  });

  it('another institution’s officer is refused before anything is read or written', async () => {
    const w = world();
    expect(await codeOf(registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox', FAR), w.register, 'r'))).toBe(
      '403 institution_out_of_scope',
    );
    expect(w.sms).toEqual([]);
    expect(w.cognito.has('okul.mudurluk@meb.k12.tr')).toBe(false);
  });

  it('reports every problem at once: another domain, an unregistered institution, a responsible person who is not of its staff', async () => {
    const w = world();
    const operator = actorOf('registerInstitutionMailbox', [held('operator')]);
    const wrong = { ...BODY, address: 'okul@gmail.com', institutionCode: 'OKUL9999', responsibleMemberId: ELSEWHERE.memberId };
    const error = await registerInstitutionMailbox(wrong, operator, w.register, 'r').catch((e) => e);
    expect(error.errors.map((p: { field: string; code: string }) => `${p.field} ${p.code}`)).toEqual([
      'body.address address_domain',
      'body.institutionCode institution_unknown',
      'body.responsibleMemberId responsible_not_member',
    ]);
    // A person who does not exist gets the same answer as another institution's.
    const unknown = { ...BODY, responsibleMemberId: 'm-ffffffffffffffffffffffff' };
    expect(await codeOf(registerInstitutionMailbox(unknown, operator, w.register, 'r'))).toBe(
      '400 validation_failed body.responsibleMemberId',
    );
    expect(w.sms).toEqual([]);
    expect(w.accounts.size).toBe(3);
  });

  it('an address held by a member, or by a Cognito account Posta did not make, is refused and nothing is left behind', async () => {
    const w = world();
    const taken = { ...BODY, address: A.address };
    expect(await codeOf(registerInstitutionMailbox(taken, officer('registerInstitutionMailbox'), w.register, 'r'))).toBe(
      '409 address_taken body.address',
    );
    w.cognito.set('foreign@meb.k12.tr', { enabled: true, groups: [], passwords: 1 });
    const foreign = { ...BODY, address: 'foreign@meb.k12.tr' };
    expect(await codeOf(registerInstitutionMailbox(foreign, officer('registerInstitutionMailbox'), w.register, 'r'))).toBe(
      '409 address_taken body.address',
    );
    expect(w.accounts.size).toBe(3);
    expect(w.sms).toEqual([]);
    expect(w.cognito.get('foreign@meb.k12.tr')?.passwords).toBe(1);
  });

  it('a registration stopped by an outage at the password step is finished by the same request again: one account, one SMS', async () => {
    const w = world();
    w.failing.password = true;
    await expect(registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox'), w.register, 'r')).rejects.toThrow('down');
    expect(w.sms).toEqual([]);
    w.failing.password = false;
    const out = await registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox'), w.register, 'r2');
    expect(out.state).toBe('notified');
    expect(w.sms).toHaveLength(1);
    expect([...w.accounts.values()].filter(isInstitutionMailbox)).toHaveLength(1);
    // Once finished, the same registration is an address in use.
    expect(await codeOf(registerInstitutionMailbox(BODY, officer('registerInstitutionMailbox'), w.register, 'r3'))).toBe(
      '409 address_taken body.address',
    );
  });

  it('is read and listed by its institution’s people only; a member id is no mailbox', async () => {
    const w = world();
    const id = await registered(w);
    const admin = actorOf('getInstitutionMailbox', [held('school-admin', OWN)]);
    expect((await getInstitutionMailbox(id, admin, w.register)).address).toBe('okul.mudurluk@meb.k12.tr');
    expect(await codeOf(getInstitutionMailbox(id, actorOf('getInstitutionMailbox', [held('school-admin', FAR)]), w.register))).toBe(
      '403 institution_out_of_scope',
    );
    expect(await codeOf(getInstitutionMailbox(A.memberId, admin, w.register))).toBe('404 institution_mailbox_not_found');
    const list = await listInstitutionMailboxes(
      OWN,
      { limit: 10 },
      actorOf('listInstitutionMailboxes', [held('approver', OWN)]),
      w.register,
    );
    expect(list.items.map((m) => m.mailboxId)).toEqual([id]);
    expect(
      await codeOf(listInstitutionMailboxes(FAR, { limit: 10 }, actorOf('listInstitutionMailboxes', [held('approver', OWN)]), w.register)),
    ).toBe('403 institution_out_of_scope');
  });
});

describe('who receives an institution mailbox’s credentials', () => {
  it('its responsible person, read when sent: a phone changed since counts; a person who left receives nothing', async () => {
    const w = world();
    const id = await registered(w);
    const box = w.accounts.get(id) as Member;
    const m = w.accounts.get(A.memberId) as Member;
    m.phone = '+905329999999';
    expect(await withHolder(box, { get: async (x) => structuredClone(w.accounts.get(x) ?? null) })).toMatchObject({
      phone: '+905329999999',
      givenName: A.givenName,
      alternateEmail: A.alternateEmail,
      address: box.address,
    });
    m.institutionCode = FAR;
    expect(await withHolder(box, { get: async (x) => structuredClone(w.accounts.get(x) ?? null) })).toMatchObject({ phone: '' });
  });
});

describe('the deadline sweep closes an institution mailbox like a member’s account', () => {
  it('warns the responsible person and closes it at the profile’s maximum age, with texts naming the mailbox; staff counters untouched', async () => {
    const w = world();
    const id = await registered(w);
    w.chooseOwnPassword(id);
    w.later(23.01);
    expect(await w.sweep()).toMatchObject({ warningsSent: 1 });
    w.later(7);
    expect(await w.sweep()).toMatchObject({ passwordExpired: 1 });
    expect(await w.sweep()).toMatchObject({ passwordExpired: 0, read: 0 });
    const box = w.accounts.get(id) as Member;
    expect(box.state).toBe('password-expired');
    expect(w.cognito.get(box.address)?.enabled).toBe(false);
    const texts = w.sms.slice(1);
    expect(texts.map((s) => s.phone)).toEqual([A.phone, A.phone]);
    expect(texts.every((s) => s.text.includes(box.address))).toBe(true);
    expect(w.emails.map((e) => [e.template, e.to, e.data.login])).toEqual([
      ['password-expiry-warning', A.alternateEmail, box.address],
      ['password-expired', A.alternateEmail, box.address],
    ]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'member.password-expired', target: id, details: { account: 'institution-mailbox' } });
    expect(Object.keys(w.counters).every((k) => k.includes('institutionMailboxes'))).toBe(true);
  });
});

describe('delegated resets of an institution mailbox (the reset-request flow, `mailboxId`)', () => {
  const file = (w: ReturnType<typeof world>, body: { memberId?: string; mailboxId?: string }, number: string) =>
    fileResetRequest({ ...body, form: FORM(number) }, officer('fileResetRequest'), w.reset, 'req');

  it('sends the new temporary password to the responsible person once; the same form again sends nothing', async () => {
    const w = world();
    const id = await registered(w);
    const done = await file(w, { mailboxId: id }, 'F-1');
    expect(done).toMatchObject({ state: 'done', memberId: id, account: 'institution-mailbox', smsDelivered: true });
    expect(w.sms.map((s) => s.phone)).toEqual([A.phone, A.phone]);
    expect(await codeOf(file(w, { mailboxId: id }, 'F-1'))).toBe('409 form_already_filed body.form.number');
    expect(w.sms).toHaveLength(2);
    expect(w.emails.at(-1)).toMatchObject({
      template: 'password-reset-done',
      to: A.alternateEmail,
      data: { login: 'okul.mudurluk@meb.k12.tr' },
    });
    expect(w.audits.find((a) => a.action === 'password.reset-by-institution')?.details).toMatchObject({ account: 'institution-mailbox' });
  });

  it('ru-moscow (two-person): filed awaiting an approver; the approval sends the password to the responsible person in their language', async () => {
    // The form's scan, which ru-moscow requires before approval, has its own tests (delegated-resets.test.ts).
    const w = world({ ...loadProfile('ru-moscow'), resetFormScan: 'optional' });
    (w.accounts.get(A.memberId) as Member).locale = 'ru';
    const body = { ...BODY, address: 'shkola.kantselyariya@edu.mos.ru' };
    const { mailboxId } = await registerInstitutionMailbox(body, officer('registerInstitutionMailbox'), w.register, 'r');
    const filed = await file(w, { mailboxId }, 'R-1');
    expect(filed).toMatchObject({ state: 'awaiting-approval', account: 'institution-mailbox' });
    expect(w.sms).toHaveLength(1);
    const done = await approveResetRequest(filed.requestId, approver('approveResetRequest'), w.reset, 'r');
    expect(done).toMatchObject({ state: 'done', smsDelivered: true });
    expect(w.sms.at(-1)).toEqual({
      phone: A.phone,
      text: expect.stringMatching(/^Ящик shkola\.kantselyariya@edu\.mos\.ru\nВременный пароль: /),
    });
  });

  it('a phone HR changed recently on the responsible person holds the mailbox’s passwords too (registration and reset)', async () => {
    const w = world();
    const id = await registered(w);
    (w.accounts.get(A.memberId) as Member).phoneChangedAt = new Date('2027-03-02T08:00:00Z').toISOString();
    expect(await codeOf(file(w, { mailboxId: id }, 'F-5'))).toBe('409 channel_recently_changed');
    const other = { ...BODY, address: 'okul.ikinci@meb.k12.tr' };
    expect(await codeOf(registerInstitutionMailbox(other, officer('registerInstitutionMailbox'), w.register, 'r'))).toBe(
      '409 channel_recently_changed',
    );
    expect(w.sms).toHaveLength(1);
    expect([...w.accounts.values()].filter(isInstitutionMailbox)).toHaveLength(1);
  });

  it('a member id is not a mailbox id nor the reverse; a mailbox whose person left is refused before anything is filed', async () => {
    const w = world();
    const id = await registered(w);
    expect(await codeOf(file(w, { mailboxId: A.memberId }, 'F-2'))).toBe('404 institution_mailbox_not_found');
    expect(await codeOf(file(w, { memberId: id }, 'F-3'))).toBe('404 member_not_found');
    (w.accounts.get(A.memberId) as Member).institutionCode = FAR;
    expect(await codeOf(file(w, { mailboxId: id }, 'F-4'))).toBe('409 responsible_unavailable');
    expect(w.sms).toHaveLength(1);
  });
});

describe('a change of responsible person is an approved request', () => {
  const fileChange = (w: ReturnType<typeof world>, id: string, to = B.memberId, who = officer('fileResponsibleChange')) =>
    fileResponsibleChange(id, { responsibleMemberId: to, reason: 'Görev değişikliği' }, who, w.change, 'req');

  it('filed by an officer, approved by someone else: applied once, the new person told and sent a new password; the next reset goes to their phone', async () => {
    const w = world();
    const id = await registered(w);
    const filed = await fileChange(w, id);
    expect(filed).toMatchObject({ state: 'awaiting-approval', fromMemberId: A.memberId, toMemberId: B.memberId });
    expect((w.accounts.get(id) as Member).responsibleMemberId).toBe(A.memberId);

    const done = await approveResponsibleChange(filed.changeId, approver('approveResponsibleChange'), w.change, 'req');
    expect(done).toMatchObject({
      state: 'done',
      decidedBy: 'approver-1',
      passwordReset: { done: true, smsDelivered: true, problem: null },
    });
    expect((w.accounts.get(id) as Member).responsibleMemberId).toBe(B.memberId);
    // The former responsible person knew the password: a new one, to the new person only.
    expect(w.sms.at(-2)).toEqual({ phone: B.phone, text: expect.stringContaining('okul.mudurluk@meb.k12.tr') });
    expect(w.sms.at(-1)).toEqual({ phone: B.phone, text: expect.stringContaining(w.passwords.at(-1) as string) });
    expect(JSON.stringify(done)).not.toContain(w.passwords.at(-1));
    expect(w.audits.at(-1)).toMatchObject({ action: 'password.reset-by-institution', details: { resetRequestId: filed.changeId } });
    expect(
      await codeOf(approveResponsibleChange(filed.changeId, officer('approveResponsibleChange', OWN, 'officer-2'), w.change, 'r')),
    ).toBe('409 already_decided');
    expect(w.sms).toHaveLength(3);

    await fileResetRequest({ mailboxId: id, form: FORM('F-9') }, officer('fileResetRequest'), w.reset, 'req');
    expect(w.sms.at(-1)?.phone).toBe(B.phone);
    expect(w.sms.filter((s) => s.phone === A.phone)).toHaveLength(1);
  });

  it('a new person whose phone HR changed recently: the change stands, the password is not reset (said, audited) until an officer files a reset', async () => {
    const w = world();
    const id = await registered(w);
    const filed = await fileChange(w, id);
    (w.accounts.get(B.memberId) as Member).phoneChangedAt = new Date('2027-03-02T08:00:00Z').toISOString();
    const done = await approveResponsibleChange(filed.changeId, approver('approveResponsibleChange'), w.change, 'req');
    expect(done).toMatchObject({ state: 'done', passwordReset: { done: false, smsDelivered: false, problem: 'channel_recently_changed' } });
    expect((w.accounts.get(id) as Member).responsibleMemberId).toBe(B.memberId);
    expect(w.audits.at(-1)).toMatchObject({
      action: 'institution-mailbox.responsible-change-reset',
      outcome: 'failed',
      reason: 'channel_recently_changed',
    });
    // Told of the responsibility, but no password.
    expect(w.sms.filter((m) => m.phone === B.phone)).toHaveLength(1);
  });

  it('the filer cannot decide it (audited); another institution’s people cannot file or decide; the new person must be of the institution', async () => {
    const w = world();
    const id = await registered(w);
    const filed = await fileChange(w, id);
    expect(await codeOf(approveResponsibleChange(filed.changeId, officer('approveResponsibleChange'), w.change, 'r'))).toBe(
      '403 same_person',
    );
    expect(w.audits.at(-1)).toMatchObject({ outcome: 'refused', reason: 'same_person', institution: OWN });
    expect(await codeOf(approveResponsibleChange(filed.changeId, officer('approveResponsibleChange', FAR, 'x'), w.change, 'r'))).toBe(
      '403 institution_out_of_scope',
    );
    expect(await codeOf(fileChange(w, id, B.memberId, officer('fileResponsibleChange', FAR, 'x')))).toBe('403 institution_out_of_scope');
    expect(await codeOf(fileChange(w, id, ELSEWHERE.memberId))).toBe('400 validation_failed body.responsibleMemberId');
    expect(await codeOf(fileChange(w, id, A.memberId))).toBe('409 already_responsible body.responsibleMemberId');
    expect((w.accounts.get(id) as Member).responsibleMemberId).toBe(A.memberId);
  });

  it('the listing names both people (masked phone) for whoever decides; a person no longer of the institution is their id alone', async () => {
    const w = world();
    const id = await registered(w);
    const filed = await fileChange(w, id);
    const listed = await listResponsibleChanges(
      OWN,
      { state: 'awaiting-approval', limit: 10 },
      approver('listResponsibleChanges'),
      w.change,
    );
    expect(listed.items).toEqual([
      expect.objectContaining({
        changeId: filed.changeId,
        from: { givenName: A.givenName, familyName: A.familyName, phone: expect.stringMatching(/^\+90\*+\d{3}$/) },
        to: { givenName: B.givenName, familyName: B.familyName, phone: expect.stringMatching(/^\+90\*+\d{3}$/) },
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(B.phone);
    // B moved to another institution: only the id the request holds, nothing of a person elsewhere.
    (w.accounts.get(B.memberId) as Member).institutionCode = FAR;
    const [moved] = (
      await listResponsibleChanges(OWN, { state: 'awaiting-approval', limit: 10 }, approver('listResponsibleChanges'), w.change)
    ).items;
    expect(moved).toMatchObject({ toMemberId: B.memberId, from: { givenName: A.givenName } });
    expect(moved).not.toHaveProperty('to');
  });

  it('rejected or expired requests move nothing; of two filed at once only the first approved applies', async () => {
    const w = world();
    const id = await registered(w);
    const rejected = await fileChange(w, id);
    expect(
      await rejectResponsibleChange(rejected.changeId, 'Form eksik', approver('rejectResponsibleChange'), w.change, 'r'),
    ).toMatchObject({
      state: 'rejected',
      rejection: 'Form eksik',
    });
    const first = await fileChange(w, id);
    const second = await fileChange(w, id);
    await approveResponsibleChange(first.changeId, approver('approveResponsibleChange'), w.change, 'r');
    expect(await codeOf(approveResponsibleChange(second.changeId, approver('approveResponsibleChange'), w.change, 'r'))).toBe(
      '409 responsible_changed',
    );
    const stale = await fileChange(w, id, A.memberId);
    w.later(8);
    expect(await codeOf(approveResponsibleChange(stale.changeId, approver('approveResponsibleChange'), w.change, 'r'))).toBe(
      '409 request_expired',
    );
    const listed = await listResponsibleChanges(OWN, { state: 'expired', limit: 10 }, approver('listResponsibleChanges'), w.change);
    expect(listed.items.map((c) => c.changeId)).toContain(stale.changeId);
    expect((w.accounts.get(id) as Member).responsibleMemberId).toBe(B.memberId);
  });
});
