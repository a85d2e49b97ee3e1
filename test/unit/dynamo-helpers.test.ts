import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { isCancelledByCondition, queryPage, untilProcessed } from '../../shared/clients/dynamo-helpers';
import { dynamoLotStore } from '../../shared/lots/lot-store';

describe('untilProcessed', () => {
  it('hands the leftovers back to the batch call until none remain', async () => {
    const calls: number[][] = [];
    // Each call "processes" only the first item, like a throttled BatchWriteItem.
    await untilProcessed([1, 2, 3], async (batch) => {
      calls.push(batch);
      return batch.slice(1);
    });
    expect(calls).toEqual([[1, 2, 3], [2, 3], [3]]);
  });

  it('makes no call for an empty batch', async () => {
    let called = false;
    await untilProcessed([], async () => {
      called = true;
      return undefined;
    });
    expect(called).toBe(false);
  });
});

describe('queryPage', () => {
  const key = { gsi1pk: 'LOTS', gsi1sk: '2027-03-01T08:00:00.000Z#lot-a1', pk: 'LOT#lot-a1', sk: 'LOT' };
  // base64url (no padding) of the key's JSON, written out: cursors already handed to API clients must stay valid.
  const cursor = 'eyJnc2kxcGsiOiJMT1RTIiwiZ3NpMXNrIjoiMjAyNy0wMy0wMVQwODowMDowMC4wMDBaI2xvdC1hMSIsInBrIjoiTE9UI2xvdC1hMSIsInNrIjoiTE9UIn0';
  const input: QueryCommandInput = { TableName: 't', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', Limit: 2 };

  /** A client answering every query with `out`, recording what it was asked. */
  function fakeDb(out: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }) {
    const asked: QueryCommandInput[] = [];
    const db = {
      send: async (command: { input: QueryCommandInput }) => {
        asked.push(command.input);
        return out;
      },
    };
    return { db: db as unknown as DynamoDBDocumentClient, asked };
  }

  it('returns the items and the next cursor in the format the API has always handed out', async () => {
    const { db, asked } = fakeDb({ Items: [{ pk: 'a' }], LastEvaluatedKey: key });
    expect(await queryPage(db, input, undefined)).toEqual({ items: [{ pk: 'a' }], nextCursor: cursor });
    expect(asked).toEqual([input]);
    expect(asked[0]).not.toHaveProperty('ExclusiveStartKey');
  });

  it('resumes from the key inside a cursor, and ends with a null cursor', async () => {
    const { db, asked } = fakeDb({});
    expect(await queryPage(db, input, cursor)).toEqual({ items: [], nextCursor: null });
    expect(asked).toEqual([{ ...input, ExclusiveStartKey: key }]);
  });

  it("decodes the cursor with the caller's check, which may refuse it before any query", async () => {
    const { db, asked } = fakeDb({});
    const refuse = () => {
      throw new Error('not this listing');
    };
    await expect(queryPage(db, input, cursor, refuse)).rejects.toThrow('not this listing');
    expect(asked).toEqual([]);
  });
});

describe('lot listing cursors', () => {
  const neverCalled = { send: async () => expect.unreachable('no query for a refused cursor') } as unknown as DynamoDBDocumentClient;

  it.each([
    ['text that is not a cursor', 'not-a-cursor!'],
    [
      'a key of another listing',
      Buffer.from(JSON.stringify({ gsi1pk: 'INSTITUTION#X', gsi1sk: 'MEMBER#m', pk: 'p', sk: 's' })).toString('base64url'),
    ],
  ])('refuse %s as a 400 naming query.cursor, before any query', async (_, cursor) => {
    await expect(dynamoLotStore(neverCalled, 't').list(10, cursor)).rejects.toMatchObject({
      name: 'ValidationError',
      status: 400,
      errors: [{ field: 'query.cursor', code: 'cursor_invalid' }],
    });
  });
});

describe('isCancelledByCondition', () => {
  const cancelled = (...codes: string[]) =>
    Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

  it('tells a failed condition from a conflict, on one item or any', () => {
    expect(isCancelledByCondition(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isCancelledByCondition(cancelled('None', 'ConditionalCheckFailed'), 1)).toBe(true);
    expect(isCancelledByCondition(cancelled('None', 'ConditionalCheckFailed'), 0)).toBe(false);
    expect(isCancelledByCondition(cancelled('TransactionConflict', 'None'))).toBe(false);
    expect(isCancelledByCondition(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }))).toBe(false);
  });
});
