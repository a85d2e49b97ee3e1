import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { asFunction, guardLeadingKeys } from '../../local/key-guard';
import type { Binding } from '../../shared/catalog';

/** A client whose calls stop before the network, past the guard: what passes the guard "succeeds". */
function guardedClient() {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'eu-south-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
  );
  guardLeadingKeys(db, { directory: 'dir', audit: 'aud', idempotency: 'idem' });
  db.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), {
    step: 'initialize',
    priority: 'low',
    name: 'stop',
  });
  return db;
}

const scoped: Binding = {
  tables: { directory: { actions: ['GetItem', 'PutItem', 'UpdateItem'], leadingKeys: ['MEMBER#', 'OTP#'] }, audit: 'append' },
};
const as = <T>(binding: Binding, call: () => Promise<T>) => asFunction('startActivation', binding, call);

describe('local stand-in for dynamodb:LeadingKeys (npm start)', () => {
  const db = guardedClient();

  it('lets a scoped function do its listed actions on its own key prefixes', async () => {
    await expect(
      as(scoped, () => db.send(new GetCommand({ TableName: 'dir', Key: { pk: 'MEMBER#m-1', sk: 'MEMBER' } }))),
    ).resolves.toBeDefined();
    await expect(as(scoped, () => db.send(new PutCommand({ TableName: 'dir', Item: { pk: 'OTP#a', sk: 'OTP' } })))).resolves.toBeDefined();
    // Tables bound without a scope are not checked here.
    await expect(as(scoped, () => db.send(new PutCommand({ TableName: 'aud', Item: { pk: 'AUDIT#x', sk: '1' } })))).resolves.toBeDefined();
  });

  it('refuses another kind of item, another action, an index, a scan, and a transaction with one stray item', async () => {
    const denied = expect.objectContaining({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/startActivation is not authorized/),
    });
    const calls: Array<() => Promise<unknown>> = [
      () => db.send(new GetCommand({ TableName: 'dir', Key: { pk: 'PRINCIPAL#sub', sk: 'SCOPE' } })),
      () =>
        db.send(
          new QueryCommand({ TableName: 'dir', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'MEMBER#m-1' } }),
        ),
      () =>
        db.send(
          new QueryCommand({
            TableName: 'dir',
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': 'MEMBER#m-1' },
          }),
        ),
      () => db.send(new ScanCommand({ TableName: 'dir' })),
      () =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: 'dir', Item: { pk: 'OTP#a', sk: 'OTP' } } },
              {
                Update: {
                  TableName: 'dir',
                  Key: { pk: 'LOT#l', sk: 'LOT' },
                  UpdateExpression: 'SET x = :x',
                  ExpressionAttributeValues: { ':x': 1 },
                },
              },
            ],
          }),
        ),
    ];
    for (const call of calls) await expect(as(scoped, call)).rejects.toEqual(denied);
  });

  it('checks nothing outside a scoped function (consumers, jobs, functions with table-wide bindings)', async () => {
    await expect(db.send(new GetCommand({ TableName: 'dir', Key: { pk: 'PRINCIPAL#sub', sk: 'SCOPE' } }))).resolves.toBeDefined();
    const wide: Binding = { tables: { directory: 'readWrite' } };
    await expect(as(wide, () => db.send(new ScanCommand({ TableName: 'dir' })))).resolves.toBeDefined();
  });
});
