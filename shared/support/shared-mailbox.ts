import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, writeTogether } from '../clients/dynamo-helpers';

/**
 * How a shared (delegated) mailbox is used: `rights` — staff open it with their own accounts
 * through delegated rights; `password` — it has its own login and password, shared by the team.
 */
export const DELEGATION_MODELS = ['rights', 'password'] as const;
export type DelegationModel = (typeof DELEGATION_MODELS)[number];

/** `SHAREDBOX#<address>`/`META`: the mailbox, its institution (for scope) and its current model. */
export interface SharedMailbox {
  address: string;
  institutionCode: string;
  model: DelegationModel;
  /** Bumped by every switch: the history item's sequence number and the switch's condition. */
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** `SHAREDBOX#<address>`/`CHANGE#<seq>`: one switch, who made it, when and why. */
export interface DelegationChange {
  seq: number;
  from: DelegationModel;
  to: DelegationModel;
  at: string;
  by: string;
  byLogin: string;
  role: string;
  reason: string;
}

export interface SharedMailboxStore {
  /** false when the address is already registered. */
  register(box: SharedMailbox): Promise<boolean>;
  get(address: string): Promise<SharedMailbox | null>;
  /** Moves the model if the mailbox is still at `box.version`, with the change, all or nothing. */
  switchModel(box: SharedMailbox, change: Omit<DelegationChange, 'seq' | 'from'>): Promise<boolean>;
  /** Switches, newest first. */
  history(address: string, limit: number): Promise<DelegationChange[]>;
}

const pk = (address: string) => `SHAREDBOX#${address}`;
const changeSk = (seq: number) => `CHANGE#${String(seq).padStart(8, '0')}`;

export function dynamoSharedMailboxStore(db: DynamoDBDocumentClient, table: string): SharedMailboxStore {
  return {
    async register(box) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(box.address), sk: 'META', ...box },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async get(address) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk: pk(address), sk: 'META' }, ConsistentRead: true }));
      if (!Item) return null;
      const { pk: _pk, sk: _sk, ...box } = Item;
      return box as SharedMailbox;
    },
    switchModel: (box, change) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: { pk: pk(box.address), sk: 'META' },
            UpdateExpression: 'SET model = :to, version = :next, updatedAt = :at, updatedBy = :by',
            ConditionExpression: 'version = :seen',
            ExpressionAttributeValues: {
              ':to': change.to,
              ':next': box.version + 1,
              ':at': change.at,
              ':by': change.by,
              ':seen': box.version,
            },
          },
        },
        [
          {
            Put: {
              TableName: table,
              Item: { pk: pk(box.address), sk: changeSk(box.version + 1), seq: box.version + 1, from: box.model, ...change },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      ),
    async history(address, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
          ExpressionAttributeValues: { ':p': pk(address), ':c': 'CHANGE#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...change }) => change as DelegationChange);
    },
  };
}
