import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, queryPage, updateIfState } from '../clients/dynamo-helpers';
import { type LateRequest, type LateRequestState, statesBefore, UNVERIFIED_TTL_SECONDS } from './late-request';

const requestKey = (requestId: string) => ({ pk: `LATEREQ#${requestId}`, sk: 'LATEREQ' });

/**
 * Proven requests are listed per institution through gsi1 (`INSTITUTION#<code>`,
 * `LATEREQ#<state>#<createdAt>#<id>`), next to the institution's members (`MEMBER#…`). Requests
 * still awaiting their code are not indexed (nobody has proven anything yet) and expire by TTL.
 */
function indexKeys(r: Pick<LateRequest, 'institutionCode' | 'state' | 'createdAt' | 'requestId'>) {
  return { gsi1pk: `INSTITUTION#${r.institutionCode}`, gsi1sk: `LATEREQ#${r.state}#${r.createdAt}#${r.requestId}` };
}

export interface LateRequestStore {
  create(request: LateRequest, now: Date): Promise<void>;
  get(requestId: string): Promise<LateRequest | null>;
  /** Moves the request to `to` (with `set`) if its state allows it; false otherwise. */
  move(request: LateRequest, to: LateRequestState, set?: Partial<LateRequest>): Promise<boolean>;
  list(
    institutionCode: string,
    state: LateRequestState,
    limit: number,
    cursor?: string,
  ): Promise<{ items: LateRequest[]; nextCursor: string | null }>;
}

const PROVEN: readonly LateRequestState[] = ['awaiting-approval', 'approving', 'approved', 'rejected'];

const strip = (item: Record<string, unknown>) => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, expiresAt: _e, ...request } = item;
  return request as unknown as LateRequest;
};

export function dynamoLateRequestStore(db: DynamoDBDocumentClient, table: string): LateRequestStore {
  return {
    async create(request, now) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...requestKey(request.requestId), ...request, expiresAt: Math.floor(now.getTime() / 1000) + UNVERIFIED_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(requestId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: requestKey(requestId), ConsistentRead: true }));
      return Item ? strip(Item) : null;
    },
    move(request, to, set = {}) {
      // A proven request is listed and kept (no TTL); a locked or duplicate one just expires.
      const proven = PROVEN.includes(to);
      return updateIfState(
        db,
        table,
        requestKey(request.requestId),
        statesBefore(to),
        { ...set, state: to, ...(proven && indexKeys({ ...request, state: to })) },
        proven ? ['expiresAt'] : [],
      );
    },
    async list(institutionCode, state, limit, cursor) {
      const gsi1pk = `INSTITUTION#${institutionCode}`;
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
          ExpressionAttributeValues: { ':p': gsi1pk, ':s': `LATEREQ#${state}#` },
          Limit: limit,
        },
        cursor,
        (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === gsi1pk),
      );
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
  };
}
