import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { QueueId } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { sqsDeadLetterQueues } from '../../shared/delivery/dead-letter-queues';
import {
  countDeadLetter,
  type DeadLetterLedger,
  type DeadLetterQueues,
  REDRIVE_LIMITS,
  redriveDeadLetters,
} from '../../shared/delivery/dead-letters';

const clock = fixedClock('2027-02-01T10:00:00Z');

function memoryLedger(): DeadLetterLedger & { counts: Map<string, number>; holds: Map<string, string>; redrives: Map<string, number> } {
  const counts = new Map<string, number>();
  const holds = new Map<string, string>();
  const redrives = new Map<string, number>();
  return {
    counts,
    holds,
    redrives,
    async record(queue, body, at) {
      const key = `${queue}|${body}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n >= 2) holds.set(queue, new Date(at.getTime() + 86_400_000).toISOString());
      return n;
    },
    async heldUntil(queue, now) {
      const until = holds.get(queue);
      return until && until > now.toISOString() ? until : null;
    },
    async claimRedrive(queue, day, max) {
      const key = `${queue}|${day}`;
      const n = redrives.get(key) ?? 0;
      if (n >= max) return false;
      redrives.set(key, n + 1);
      return true;
    },
  };
}

function world(depths: Partial<Record<QueueId, number>>, healthy = true) {
  const moved: QueueId[] = [];
  const audit: AuditEntry[] = [];
  const queues: DeadLetterQueues = {
    depth: async (q) => depths[q] ?? 0,
    moving: async () => false,
    async moveBack(q) {
      moved.push(q);
      return { mode: 'move-task', taskHandle: `task-${q}` };
    },
  };
  const ledger = memoryLedger();
  const deps = {
    queues,
    ledger,
    healthy: async () => healthy,
    audit: { record: async (e: AuditEntry) => void audit.push(e) },
    clock,
    requestId: 'evt-1',
    queueIds: ['email', 'import', 'provision'] as QueueId[],
  };
  return { deps, moved, audit, ledger };
}

describe('redriveDeadLetters', () => {
  it('waits while the service is unhealthy: nothing is read or moved', async () => {
    const w = world({ email: 3 }, false);
    expect(await redriveDeadLetters(w.deps)).toEqual({ healthy: false, queues: [] });
    expect(w.moved).toEqual([]);
  });

  it('once healthy, moves each non-empty dead-letter queue back and audits it', async () => {
    const w = world({ email: 3, provision: 12 });
    const result = await redriveDeadLetters(w.deps);
    expect(result.queues).toEqual([
      { queue: 'email', outcome: 'redriven', waiting: 3, mode: 'move-task', taskHandle: 'task-email' },
      { queue: 'import', outcome: 'empty' },
      { queue: 'provision', outcome: 'redriven', waiting: 12, mode: 'move-task', taskHandle: 'task-provision' },
    ]);
    expect(w.audit).toEqual([
      expect.objectContaining({
        actor: 'system',
        action: 'dead-letters.redriven',
        target: 'queue:email',
        institution: 'none',
        outcome: 'success',
      }),
      expect.objectContaining({ target: 'queue:provision', details: { waiting: 12, mode: 'move-task', taskHandle: 'task-provision' } }),
    ]);
  });

  it('is bounded: not while a move runs, at most maxPerDay a day per queue', async () => {
    const w = world({ email: 1 });
    w.deps.queues.moving = async () => true;
    expect((await redriveDeadLetters(w.deps)).queues[0]).toEqual({ queue: 'email', outcome: 'moving' });
    w.deps.queues.moving = async () => false;
    for (let i = 0; i < REDRIVE_LIMITS.maxPerDay; i++) await redriveDeadLetters(w.deps);
    expect((await redriveDeadLetters(w.deps)).queues[0]).toEqual({ queue: 'email', outcome: 'daily-limit' });
    expect(w.moved).toHaveLength(REDRIVE_LIMITS.maxPerDay);
  });

  it('a message that dead-letters a second time holds its queue (and is logged for the alarm)', async () => {
    const w = world({ provision: 1 });
    const record = { messageId: 'm', body: '{"lotId":"l","memberId":"m-1"}' } as SQSRecord;
    const count = countDeadLetter('provision', w.ledger, clock);
    await count(record);
    expect((await redriveDeadLetters(w.deps)).queues[2]).toMatchObject({ outcome: 'redriven' });
    await count(record);
    expect((await redriveDeadLetters(w.deps)).queues[2]).toEqual({
      queue: 'provision',
      outcome: 'held',
      until: '2027-02-02T10:00:00.000Z',
    });
  });
});

describe('sqsDeadLetterQueues', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'eu-south-1' });
  const urls = { email: { url: 'https://sqs/q/email', dlqUrl: 'https://sqs/q/email-dlq' } };
  const limits = { ...REDRIVE_LIMITS, perSecond: 20 };

  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(GetQueueAttributesCommand).callsFake((input) => ({
      Attributes: { QueueArn: `arn:aws:sqs:eu-south-1:1:${input.QueueUrl.split('/').at(-1)}`, ApproximateNumberOfMessages: '4' },
    }));
  });

  it('in the cloud: one StartMessageMoveTask from the DLQ to its queue, rate-limited', async () => {
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-1' });
    const queues = sqsDeadLetterQueues(sqs, urls);
    expect(await queues.depth('email')).toBe(4);
    expect(await queues.moveBack('email', limits)).toEqual({ mode: 'move-task', taskHandle: 'h-1' });
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([
      {
        SourceArn: 'arn:aws:sqs:eu-south-1:1:email-dlq',
        DestinationArn: 'arn:aws:sqs:eu-south-1:1:email',
        MaxNumberOfMessagesPerSecond: 20,
      },
    ]);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });

  it('knows a running move task', async () => {
    sqsMock.on(ListMessageMoveTasksCommand).resolves({ Results: [{ Status: 'RUNNING' }] });
    expect(await sqsDeadLetterQueues(sqs, urls).moving('email')).toBe(true);
  });

  it('where SQS has no move tasks (fauxqs): receives, resends to the queue, then deletes from the DLQ', async () => {
    const unknown = (action: string) => Object.assign(new Error(`Unknown action: ${action}`), { name: 'InvalidAction' });
    sqsMock.on(StartMessageMoveTaskCommand).rejects(unknown('StartMessageMoveTask'));
    sqsMock.on(ListMessageMoveTasksCommand).rejects(unknown('ListMessageMoveTasks'));
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { Body: 'a', ReceiptHandle: 'r1' },
          { Body: 'b', ReceiptHandle: 'r2' },
        ],
      })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0' }, { Id: '1' }] as never });
    sqsMock.on(DeleteMessageBatchCommand).resolves({});
    const queues = sqsDeadLetterQueues(sqs, urls);
    expect(await queues.moving('email')).toBe(false);
    expect(await queues.moveBack('email', limits)).toEqual({ mode: 'resent', moved: 2 });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: 'https://sqs/q/email',
      Entries: [{ MessageBody: 'a' }, { MessageBody: 'b' }],
    });
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: 'https://sqs/q/email-dlq',
      Entries: [{ ReceiptHandle: 'r1' }, { ReceiptHandle: 'r2' }],
    });
  });

  it('any other refusal of the move task is an error, not a fallback', async () => {
    sqsMock.on(StartMessageMoveTaskCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(sqsDeadLetterQueues(sqs, urls).moveBack('email', limits)).rejects.toThrow('denied');
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
