import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { type Clock, fixedClock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import {
  estimatedSegments,
  type Message,
  messageEmailKey,
  messageOfKey,
  renderText,
  unknownPlaceholders,
} from '../../shared/messages/message';
import type { MessageStore } from '../../shared/messages/message-store';
import {
  approveMessage,
  cancelMessage,
  countMessageEvent,
  createMessage,
  deliverMessageSms,
  listMessages,
  type MessageDeps,
  type MessageSmsRequest,
  sendDueMessages,
  sendMessage,
} from '../../shared/messages/message-use-cases';
import type { RecipientSources } from '../../shared/messages/recipients';
import { SmsRejectedError } from '../../shared/sms/send-sms';
import { actorOf, held } from '../helpers/actors';
import { sesBounce, sesComplaint } from '../helpers/ses-event-fixtures';

const NOW = '2027-02-01T09:00:00.000Z';

function memoryMessages() {
  const items = new Map<string, Message>();
  const markers = new Set<string>();
  const store: MessageStore = {
    create: async (m) => void items.set(m.messageId, structuredClone(m)),
    get: async (id) => structuredClone(items.get(id) ?? null),
    async move(m, from, to, set = {}) {
      const cur = items.get(m.messageId);
      if (!cur || !from.includes(cur.state)) return false;
      Object.assign(cur, set, { state: to });
      return true;
    },
    async reclaim(m, claimedAt) {
      const cur = items.get(m.messageId);
      if (cur?.state !== 'sending' || cur.claimedAt !== m.claimedAt) return false;
      cur.claimedAt = claimedAt;
      return true;
    },
    due: async (now) => [...items.values()].filter((m) => (m.state === 'scheduled' || m.state === 'sending') && (m.sendAt ?? '') <= now),
    async setFanOutCounts(id, c) {
      Object.assign((items.get(id) as Message).report, c);
    },
    async count(id, counter) {
      (items.get(id) as Message).report[counter]++;
    },
    async countOnce(id, counter, key) {
      if (markers.has(`${id}#${counter}#${key}`)) return false;
      markers.add(`${id}#${counter}#${key}`);
      (items.get(id) as Message).report[counter]++;
      return true;
    },
    async claimSms(id, key) {
      if (markers.has(`${id}#sms#${key}`)) return false;
      markers.add(`${id}#sms#${key}`);
      return true;
    },
    releaseSms: async (id, key) => void markers.delete(`${id}#sms#${key}`),
    // Newest first; the cursor is the position (the real store's cursors are DynamoDB keys).
    async list({ institutionCode, limit, cursor }) {
      const all = [...items.values()]
        .filter((m) => institutionCode === undefined || m.selection.institutionCodes.includes(institutionCode))
        .sort((a, b) => `${b.createdAt}${b.messageId}`.localeCompare(`${a.createdAt}${a.messageId}`));
      const from = Number(cursor ?? 0);
      return {
        items: all.slice(from, from + limit).map((m) => structuredClone(m)),
        nextCursor: from + limit < all.length ? String(from + limit) : null,
      };
    },
  };
  return { store, items };
}

const member = (i: number, institutionCode: string, over: Partial<Member> = {}): Member => ({
  memberId: `m-${String(i).padStart(24, '0')}`,
  nidHmac: 'h',
  nidLast3: '00X',
  givenName: `Given${i}`,
  familyName: `Family${i}`,
  phone: `+39347000${String(i).padStart(4, '0')}`,
  institutionCode,
  category: 'teacher',
  oldAddress: `old${i}@istruzione.it`,
  alternateEmail: null,
  locale: 'it',
  address: `new${i}@posta.istruzione.it`,
  state: 'notified',
  rowHash: 'r',
  createdAt: NOW,
  updatedAt: NOW,
  importJobId: 'j',
  ...over,
});

/** Members of SCH001 (three) and FAR001 (one), no role holders, no lists. */
function world(threshold = 10_000) {
  const people = [
    member(1, 'SCH001'),
    member(2, 'SCH001', { locale: 'en' }),
    member(3, 'SCH001', { category: 'principal' }),
    member(4, 'FAR001'),
  ];
  const { store, items } = memoryMessages();
  const audits: AuditEntry[] = [];
  const sources: RecipientSources = {
    members: {
      async page(code) {
        return { items: people.filter((m) => m.institutionCode === code) };
      },
      count: async (code, categories, states) =>
        people.filter(
          (m) =>
            m.institutionCode === code &&
            (!categories?.length || categories.includes(m.category)) &&
            (!states?.length || states.includes(m.state)),
        ).length,
      getMany: async (ids) => new Map(people.filter((m) => ids.includes(m.memberId)).map((m) => [m.memberId, m])),
      getByAddress: async (a) => people.find((m) => m.address === a) ?? null,
    },
    roles: { list: async () => ({ items: [], nextCursor: null }) },
    phoneUpdates: { list: async () => ({ items: [], nextCursor: null }), count: async () => 0 },
    allInstitutions: async () => ['FAR001', 'SCH001'],
    defaultLocale: 'it',
  };
  let clock: Clock = fixedClock(NOW);
  let ids = 0;
  const deps: MessageDeps = {
    messages: store,
    sources,
    institutions: { known: async (codes) => new Set(codes.filter((c) => ['SCH001', 'FAR001'].includes(c))) },
    audit: { record: async (e) => void audits.push(e) },
    profile: { defaultLocale: 'it', messageApprovalThreshold: threshold },
    get clock() {
      return clock;
    },
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  const emails: EmailMessage[] = [];
  const sms: MessageSmsRequest[] = [];
  const fanOut = (at = NOW) => {
    clock = fixedClock(at);
    return sendDueMessages({
      ...deps,
      enqueueEmails: async (m) => void emails.push(...m),
      enqueueSms: async (r) => void sms.push(...r),
      requestId: 'job',
    });
  };
  return { deps, items, audits, emails, sms, fanOut, people };
}

const TEXT = {
  subject: { it: 'Avviso' },
  body: { it: 'Gentile {{givenName}} {{familyName}} ({{login}})' },
  sms: { it: 'Ciao {{givenName}}' },
};
const admin = (code = 'SCH001') => actorOf('createMessage', [held('school-admin', code)], { sub: 'admin-1' });
const as = (action: string, who: ReturnType<typeof actorOf>) => ({ ...who, action });
const operator = (sub: string, action = 'createMessage') => actorOf(action, [held('operator')], { sub });

describe('texts: personal fields and SMS size', () => {
  it('fills the four personal fields and names any other placeholder', () => {
    const fields = { givenName: 'Anna', familyName: 'Rossi', login: 'anna.rossi@posta.istruzione.it', institutionCode: 'SCH001' };
    expect(renderText('Gentile {{ givenName }} {{familyName}}: {{login}} ({{institutionCode}})', fields)).toBe(
      'Gentile Anna Rossi: anna.rossi@posta.istruzione.it (SCH001)',
    );
    expect(unknownPlaceholders('{{givenName}} {{codiceFiscale}} {{ phone }}')).toEqual(['codiceFiscale', 'phone']);
  });

  it('estimates SMS parts per 3GPP TS 23.038, each personal field as 20 characters', () => {
    expect(estimatedSegments('Ciao {{givenName}}, leggi la posta.')).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(estimatedSegments(`${'a'.repeat(150)}{{givenName}}`)).toEqual({ encoding: 'GSM-7', segments: 2 }); // 170 septets > 160
    expect(estimatedSegments('Здравствуйте, {{givenName}}! Проверьте почту.')).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(estimatedSegments(`Merhaba {{givenName}}, ${'ş'.repeat(40)}`)).toEqual({ encoding: 'UCS-2', segments: 1 }); // 70 units: one part
    expect(estimatedSegments(`Merhaba {{givenName}}, ${'ş'.repeat(41)}`)).toEqual({ encoding: 'UCS-2', segments: 2 }); // 71 > 70
  });

  it('reads a message and recipient back from a business key, as queued and as SES echoes the tag', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(messageOfKey(messageEmailKey(id, 'm-abc'))).toEqual({ messageId: id, recipientKey: 'm-abc' });
    expect(messageOfKey(`message_${id}_s-5f0c-aa`)).toEqual({ messageId: id, recipientKey: 's-5f0c-aa' });
    expect(messageOfKey('notice#m-1#1')).toBeNull();
  });
});

describe('writing a message: scope, size, problems', () => {
  it('a school admin writes to their own institution by default; categories narrow; the size is shown', async () => {
    const w = world();
    const all = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    expect(all).toMatchObject({ state: 'draft', recipients: 3, selection: { institutionCodes: ['SCH001'] }, needsApproval: false });
    const principals = await createMessage({ selection: { categories: ['principal'] }, ...TEXT }, admin(), 'r', w.deps);
    expect(principals.recipients).toBe(1);
    expect(w.audits.at(-1)).toMatchObject({
      action: 'message.created',
      institution: 'SCH001',
      details: { recipients: 1, categories: ['principal'] },
    });
    expect(JSON.stringify(w.audits)).not.toContain('Gentile');
  });

  it('another institution, or its member, is a 403 for a school admin; an operator reaches any registered one', async () => {
    const w = world();
    await expect(createMessage({ selection: { institutionCodes: ['FAR001'] }, ...TEXT }, admin(), 'r', w.deps)).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    const far = w.people[3]?.memberId as string;
    await expect(createMessage({ selection: { memberIds: [far] }, ...TEXT }, admin(), 'r', w.deps)).rejects.toMatchObject({ status: 403 });
    const everywhere = await createMessage({ selection: {}, ...TEXT }, operator('op-1'), 'r', w.deps);
    expect(everywhere).toMatchObject({ recipients: 4, selection: { institutionCodes: [] } });
    expect(w.audits.at(-1)).toMatchObject({ institution: 'none', details: { institutions: ['*'] } });
    await expect(
      createMessage({ selection: { institutionCodes: ['NOPE001'] }, ...TEXT }, operator('op-1'), 'r', w.deps),
    ).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'body.selection.institutionCodes', code: 'institution_unknown' })],
    });
  });

  it('lists newest first what the caller may open: an operator every message, a school admin their institution’s', async () => {
    const w = world();
    const own = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    const both = await createMessage({ selection: { institutionCodes: ['SCH001', 'FAR001'] }, ...TEXT }, operator('op-1'), 'r', w.deps);
    const far = await createMessage({ selection: { institutionCodes: ['FAR001'] }, ...TEXT }, operator('op-1'), 'r', w.deps);
    const ids = (page: { items: Array<{ messageId: string }> }) => page.items.map((m) => m.messageId);
    const listed = await listMessages(operator('op-1', 'listMessages'), { limit: 25 }, w.deps);
    expect(ids(listed)).toEqual([far.messageId, both.messageId, own.messageId].sort().reverse());
    expect(listed.items[0]).not.toHaveProperty('body');
    expect(listed.items[0]).toHaveProperty('subject');
    // The school admin's own institution by default; the message to two institutions is not theirs to open.
    expect(ids(await listMessages(as('listMessages', admin()), { limit: 25 }, w.deps))).toEqual([own.messageId]);
    await expect(listMessages(as('listMessages', admin()), { institutionCode: 'FAR001', limit: 25 }, w.deps)).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    const twoSchools = actorOf('listMessages', [held('school-admin', 'SCH001'), held('school-admin', 'FAR001')], { sub: 'sa-2' });
    await expect(listMessages(twoSchools, { limit: 25 }, w.deps)).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'query.institutionCode', code: 'institution_required' })],
    });
    expect(ids(await listMessages(twoSchools, { institutionCode: 'FAR001', limit: 25 }, w.deps))).toEqual(
      [far.messageId, both.messageId].sort().reverse(),
    );
  });

  it('reports every problem of the texts at once', async () => {
    const w = world();
    await expect(
      createMessage({ selection: {}, subject: { en: 'x' }, body: { it: '{{pin}}' }, sms: { it: 'x'.repeat(900) } }, admin(), 'r', w.deps),
    ).rejects.toMatchObject({
      status: 400,
      errors: [
        expect.objectContaining({ field: 'body.subject.it', code: 'text_required' }),
        expect.objectContaining({ field: 'body.body.it', code: 'placeholder_unknown' }),
        expect.objectContaining({ field: 'body.sms.it', code: 'sms_too_long' }),
      ],
    });
  });
});

describe('sending', () => {
  it('over the threshold a second operator approves; the author or sender cannot', async () => {
    const w = world(2);
    const m = await createMessage({ selection: {}, ...TEXT }, operator('op-1'), 'r', w.deps);
    expect(m.needsApproval).toBe(true);
    const sent = await sendMessage(as('sendMessage', operator('op-1')), m.messageId, {}, 'r', w.deps);
    expect(sent.state).toBe('awaiting-approval');
    expect((await w.fanOut()).messages).toBe(0); // nothing goes before approval
    await expect(approveMessage(operator('op-1', 'approveMessage'), m.messageId, 'r', w.deps)).rejects.toMatchObject({
      status: 403,
      code: 'same_person',
    });
    const approved = await approveMessage(operator('op-2', 'approveMessage'), m.messageId, 'r', w.deps);
    expect(approved).toMatchObject({ state: 'scheduled', approvedBy: 'op-2' });
    await expect(approveMessage(operator('op-3', 'approveMessage'), m.messageId, 'r', w.deps)).rejects.toMatchObject({
      status: 409,
      code: 'message_not_awaiting_approval',
    });
    expect((await w.fanOut()).messages).toBe(1);
  });

  it('fans out once per recipient: an email each in their language, an SMS to each usable phone; a dead fan-out is redone only after its lease', async () => {
    const w = world();
    const m = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    await sendMessage(as('sendMessage', admin()), m.messageId, { sendAt: '2027-02-01T10:00:00.000Z' }, 'r', w.deps);
    expect((await w.fanOut()).messages).toBe(0); // not yet due
    expect((await w.fanOut('2027-02-01T10:00:30.000Z')).done).toEqual([{ messageId: m.messageId, queued: 3, smsQueued: 3, noChannel: 0 }]);
    expect(w.emails.map((e) => [e.key, e.to, e.locale])).toEqual([
      [`message#${m.messageId}#${w.people[0]?.memberId}`, 'old1@istruzione.it', 'it'],
      [`message#${m.messageId}#${w.people[1]?.memberId}`, 'old2@istruzione.it', 'en'],
      [`message#${m.messageId}#${w.people[2]?.memberId}`, 'old3@istruzione.it', 'it'],
    ]);
    // English has no text of its own: the default language's, with the member's fields.
    expect(w.emails[1]?.data).toEqual({ subject: 'Avviso', body: 'Gentile Given2 Family2 (new2@posta.istruzione.it)' });
    expect(w.items.get(m.messageId)).toMatchObject({ state: 'sent', report: { queued: 3, smsQueued: 3 } });
    expect(w.audits.at(-1)).toMatchObject({ action: 'message.sent', actor: 'system', details: { queued: 3, smsQueued: 3, noChannel: 0 } });

    // A fan-out that died: redone once its lease has run out, never before.
    const item = w.items.get(m.messageId) as Message;
    Object.assign(item, { state: 'sending', claimedAt: '2027-02-01T10:00:30.000Z' });
    expect((await w.fanOut('2027-02-01T10:10:00.000Z')).messages).toBe(0);
    expect((await w.fanOut('2027-02-01T10:16:00.000Z')).messages).toBe(1);
    expect(new Set(w.emails.map((e) => e.key)).size).toBe(3); // the same keys: the email consumer sends each once
  });

  it('cancels before the fan-out only', async () => {
    const w = world();
    const m = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    await sendMessage(as('sendMessage', admin()), m.messageId, {}, 'r', w.deps);
    expect((await cancelMessage(as('cancelMessage', admin()), m.messageId, 'r', w.deps)).state).toBe('cancelled');
    expect((await w.fanOut()).messages).toBe(0);
    const n = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    await sendMessage(as('sendMessage', admin()), n.messageId, {}, 'r', w.deps);
    await w.fanOut();
    await expect(cancelMessage(as('cancelMessage', admin()), n.messageId, 'r', w.deps)).rejects.toMatchObject({
      status: 409,
      code: 'message_not_cancellable',
    });
    await expect(sendMessage(as('sendMessage', admin()), n.messageId, {}, 'r', w.deps)).rejects.toMatchObject({
      status: 409,
      code: 'message_not_draft',
    });
  });
});

describe('a message’s SMS and its report', () => {
  async function sent(w: ReturnType<typeof world>) {
    const m = await createMessage({ selection: {}, ...TEXT }, admin(), 'r', w.deps);
    await sendMessage(as('sendMessage', admin()), m.messageId, {}, 'r', w.deps);
    await w.fanOut();
    return m.messageId;
  }
  const smsDeps = (w: ReturnType<typeof world>, send: (to: string) => Promise<string>) => {
    const failures: string[] = [];
    return {
      failures,
      deps: {
        messages: w.deps.messages,
        members: { get: async (id: string) => w.people.find((p) => p.memberId === id) ?? null },
        sms: { send },
        failures: {
          async record(id: string) {
            failures.push(id);
            return 'recorded' as const;
          },
        },
        profile: { defaultLocale: 'it' as const },
        clock: fixedClock(NOW),
      },
    };
  };

  it('each member’s SMS goes at most once; a throttled send is given back for the retry; a refused number is recorded', async () => {
    const w = world();
    const id = await sent(w);
    const texts: string[] = [];
    let throttle = true;
    const { deps, failures } = smsDeps(w, async (to) => {
      if (to === w.people[1]?.phone && throttle) {
        throttle = false;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      if (to === w.people[2]?.phone) throw new SmsRejectedError('OptedOutException');
      texts.push(to);
      return 'ok';
    });
    const [first, second, third] = w.sms;
    expect(await deliverMessageSms(first as MessageSmsRequest, deps)).toBe('sent');
    expect(await deliverMessageSms(first as MessageSmsRequest, deps)).toBe('skipped'); // redelivered
    await expect(deliverMessageSms(second as MessageSmsRequest, deps)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(await deliverMessageSms(second as MessageSmsRequest, deps)).toBe('sent'); // the retry
    expect(await deliverMessageSms(third as MessageSmsRequest, deps)).toBe('refused');
    expect(texts).toEqual([w.people[0]?.phone, w.people[1]?.phone]);
    expect(failures).toEqual([w.people[2]?.memberId]);
    expect(w.items.get(id)?.report).toMatchObject({ smsSent: 2, smsFailed: 1 });
  });

  it('waits out a short DynamoDB outage after a send: the refused number is recorded, a failed send’s claim given back', async () => {
    const w = world();
    await sent(w);
    const outage = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    let snsDown = true;
    const { deps, failures } = smsDeps(w, async (to) => {
      if (to === w.people[0]?.phone && snsDown) {
        snsDown = false;
        throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });
      }
      if (to === w.people[1]?.phone) throw new SmsRejectedError('InvalidParameterException');
      return 'ok';
    });
    // DynamoDB refuses the first write after each send once, then answers (it restarted).
    const flaky = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => {
      let down = true;
      return async (...args: A) => {
        if (down) {
          down = false;
          throw outage();
        }
        return write(...args);
      };
    };
    deps.messages = { ...deps.messages, releaseSms: flaky(deps.messages.releaseSms) };
    const record = flaky(deps.failures.record);
    deps.failures = { record };
    const [first, second] = w.sms;
    await expect(deliverMessageSms(first as MessageSmsRequest, deps)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(await deliverMessageSms(first as MessageSmsRequest, deps)).toBe('sent'); // its claim was given back
    expect(await deliverMessageSms(second as MessageSmsRequest, deps)).toBe('refused');
    expect(failures).toEqual([w.people[1]?.memberId]);
  });

  it('counts a permanent bounce or a complaint once per recipient, whatever the tag’s member; ignores transient bounces and other keys', async () => {
    const w = world();
    const id = await sent(w);
    const tags = { businessKey: [`message_${id}_s-6c1f`] };
    await countMessageEvent(sesBounce('Permanent', 'General', tags) as never, w.deps.messages);
    await countMessageEvent(sesBounce('Permanent', 'General', tags) as never, w.deps.messages);
    await countMessageEvent(sesBounce('Transient', 'MailboxFull', tags) as never, w.deps.messages);
    await countMessageEvent(sesComplaint(tags) as never, w.deps.messages);
    await countMessageEvent(sesComplaint({ businessKey: ['notice_m-1_1'] }) as never, w.deps.messages);
    expect(w.items.get(id)?.report).toMatchObject({ bounced: 1, complained: 1 });
  });
});
