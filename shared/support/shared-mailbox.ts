import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, isConditionFailure, queryPage, writeTogether } from '../clients/dynamo-helpers';

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
  /** Registered mailboxes by institution then address, of one institution or all; paginated. */
  list(institutionCode: string | undefined, limit: number, cursor?: string): Promise<{ items: SharedMailbox[]; nextCursor: string | null }>;
}

const pk = (address: string) => `SHAREDBOX#${address}`;
/** gsi1: every shared mailbox under one key, sorted `<institution>#<address>` (a few thousand at most). */
const LIST_PK = 'SHAREDBOXES';

const asBox = ({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...box }: Record<string, unknown>) => box as unknown as SharedMailbox;
const changeSk = (seq: number) => `CHANGE#${String(seq).padStart(8, '0')}`;

export function dynamoSharedMailboxStore(db: DynamoDBDocumentClient, table: string): SharedMailboxStore {
  return {
    async register(box) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(box.address), sk: 'META', gsi1pk: LIST_PK, gsi1sk: `${box.institutionCode}#${box.address}`, ...box },
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
      return Item ? asBox(Item) : null;
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
    async list(institutionCode, limit, cursor) {
      const prefix = institutionCode ? `${institutionCode}#` : '';
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: institutionCode ? 'gsi1pk = :p AND begins_with(gsi1sk, :i)' : 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': LIST_PK, ...(institutionCode && { ':i': prefix }) },
          Limit: limit,
        },
        cursor,
        (c) =>
          decodeCursor(
            c,
            'query.cursor',
            (k) => k.gsi1pk === LIST_PK && String(k.gsi1sk).startsWith(prefix) && String(k.pk).startsWith('SHAREDBOX#'),
          ),
      );
      return { items: page.items.map(asBox), nextCursor: page.nextCursor };
    },
  };
}
