import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { localClients, localDb } from '../helpers/local-clients';
import { runJob, smsOutbox } from '../helpers/profile-stack';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport } = apiClient(runtime, demoUsers);

describe('redrive-dead-letters: dead letters go back once the service is healthy (the same job as in the cloud)', () => {
  it('a dead-lettered provisioning is moved back and done: the member gets its account and one SMS; audited', async () => {
    const operator = await tokenOf('operator');
    const row = italianRow(60_200, 'REDR0001');
    expect((await runImport(operator, toCsv([row]))).counts.created).toBe(1);
    const lot = (
      await call(operator, 'POST', '/v1/lots', {
        name: 'redrive',
        launchAt: new Date(Date.now() + 86_400_000).toISOString(),
        selection: { kind: 'institutions', institutionCodes: ['REDR0001'] },
      })
    ).body;
    expect(lot.memberCount).toBe(1);
    const db = localDb(runtime);
    const [member] =
      (
        await db.send(
          new QueryCommand({
            TableName: runtime.resources.tables.directory,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :l',
            ExpressionAttributeValues: { ':l': `LOT#${lot.lotId}` },
          }),
        )
      ).Items ?? [];
    // As if its provisioning had used up its receives during an outage: the message sits in the DLQ.
    const { sqs } = localClients(runtime);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.resources.queues.provision.dlqUrl,
        MessageBody: JSON.stringify({ lotId: lot.lotId, memberId: member?.memberId }),
      }),
    );
    expect((await drained(runtime, ['provision'])).deadLetters.provision).toBeGreaterThanOrEqual(1);

    const out = await runJob(runtime, 'redrive-dead-letters', new Date().toISOString());
    expect(out).toMatch(/"queue": "provision",\s+"outcome": "redriven"/);
    expect((await drained(runtime, ['provision', 'email'])).deadLetters.provision).toBe(0);
    const { Item } = await db.send(
      new GetCommand({ TableName: runtime.resources.tables.directory, Key: { pk: `MEMBER#${member?.memberId}`, sk: 'MEMBER' } }),
    );
    expect(Item?.state).toBe('notified');
    expect((await smsOutbox(runtime)).filter((s) => s.phoneNumber === row.phone)).toHaveLength(1);
    const { Items: audit } = await db.send(
      new QueryCommand({
        TableName: runtime.resources.tables.audit,
        IndexName: 'byTarget',
        KeyConditionExpression: 'target = :t',
        ExpressionAttributeValues: { ':t': 'queue:provision' },
      }),
    );
    db.destroy();
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'system', action: 'dead-letters.redriven' })]));
    // Nothing left: the next run finds the provision DLQ empty.
    expect(await runJob(runtime, 'redrive-dead-letters', new Date().toISOString())).toMatch(/"queue": "provision",\s+"outcome": "empty"/);
  }, 120_000);
});
