import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isCancelledByCondition, updateIfState } from '../clients/dynamo-helpers';
import { institutionIndexPage, institutionIndexUpTo } from '../clients/institution-index';
import type { ResponsibleChange, ResponsibleChangeState } from './responsible-change';

const changeKey = (changeId: string) => ({ pk: `RESPCHANGE#${changeId}`, sk: 'RESPCHANGE' });

/** Listed per institution through gsi1, by state and filing time (as reset requests are): overdue ones are a range. */
const indexKeys = (c: Pick<ResponsibleChange, 'institutionCode' | 'state' | 'filedAt' | 'changeId'>) => ({
  gsi1pk: `INSTITUTION#${c.institutionCode}`,
  gsi1sk: `RESPCHANGE#${c.state}#${c.filedAt}#${c.changeId}`,
});

export type ApplyOutcome = 'applied' | 'decided' | 'responsible_changed';

export interface ResponsibleChangeStore {
  create(change: ResponsibleChange): Promise<void>;
  get(changeId: string): Promise<ResponsibleChange | null>;
  /** Moves an awaiting request to `rejected` or `expired` (with `set`); false when it was decided meanwhile. */
  close(change: ResponsibleChange, to: 'rejected' | 'expired', set?: Partial<ResponsibleChange>): Promise<boolean>;
  /**
   * Approves and applies, in one transaction: the request `awaiting-approval → done`, and the
   * mailbox's responsible person `fromMemberId → toMemberId`. `decided`: the request was decided
   * meanwhile; `responsible_changed`: the mailbox no longer has `fromMemberId` — nothing written.
   */
  apply(change: ResponsibleChange, decided: { decidedBy: string; decidedAt: string }): Promise<ApplyOutcome>;
  list(
    institutionCode: string,
    state: ResponsibleChangeState,
    limit: number,
    cursor?: string,
  ): Promise<{ items: ResponsibleChange[]; nextCursor: string | null }>;
  /** The institution's requests still awaiting approval that were filed at or before `filedBy`. */
  awaitingSince(institutionCode: string, filedBy: string): Promise<ResponsibleChange[]>;
}

const strip = (item: Record<string, unknown>) => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...change } = item;
  return change as unknown as ResponsibleChange;
};

export function dynamoResponsibleChangeStore(db: DynamoDBDocumentClient, table: string): ResponsibleChangeStore {
  return {
    async create(change) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...changeKey(change.changeId), ...indexKeys(change), ...change },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(changeId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: changeKey(changeId), ConsistentRead: true }));
      return Item ? strip(Item) : null;
    },
    close: (change, to, set = {}) =>
      updateIfState(db, table, changeKey(change.changeId), ['awaiting-approval'], {
        ...set,
        state: to,
        ...indexKeys({ ...change, state: to }),
      }),
    async apply(change, decided) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: changeKey(change.changeId),
                  UpdateExpression: 'SET #state = :done, decidedBy = :by, decidedAt = :at, gsi1sk = :sk',
                  ConditionExpression: '#state = :awaiting',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: {
                    ':done': 'done',
                    ':awaiting': 'awaiting-approval',
                    ':by': decided.decidedBy,
                    ':at': decided.decidedAt,
                    ':sk': indexKeys({ ...change, state: 'done' }).gsi1sk,
                  },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: { pk: `MEMBER#${change.mailboxId}`, sk: 'MEMBER' },
                  UpdateExpression: 'SET responsibleMemberId = :to, updatedAt = :at',
                  ConditionExpression: '#kind = :mailbox AND responsibleMemberId = :from',
                  ExpressionAttributeNames: { '#kind': 'kind' },
                  ExpressionAttributeValues: {
                    ':mailbox': 'institution-mailbox',
                    ':from': change.fromMemberId,
                    ':to': change.toMemberId,
                    ':at': decided.decidedAt,
                  },
                },
              },
            ],
          }),
        );
        return 'applied';
      } catch (error) {
        if (isCancelledByCondition(error, 0)) return 'decided';
        if (isCancelledByCondition(error, 1)) return 'responsible_changed';
        throw error;
      }
    },
    async list(institutionCode, state, limit, cursor) {
      const page = await institutionIndexPage(db, table, { institutionCode, prefix: `RESPCHANGE#${state}#` }, limit, cursor);
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
    async awaitingSince(institutionCode, filedBy) {
      return (await institutionIndexUpTo(db, table, { institutionCode, prefix: 'RESPCHANGE#awaiting-approval#' }, filedBy)).map(strip);
    },
  };
}
