import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, updateIfState, writeTogether } from '../clients/dynamo-helpers';
import { institutionIndexPage, institutionIndexUpTo } from '../clients/institution-index';
import { canMove, type FormScan, type ResetRequest, type ResetRequestState } from './reset-request';

const requestKey = (requestId: string) => ({ pk: `RESETREQ#${requestId}`, sk: 'RESETREQ' });
/**
 * A form number compared without case, in any script: upper case, with the Turkish dotted `İ`
 * folded to `I` so `şifre-1`, `ŞİFRE-1` and `ŞIFRE-1` are one number (`i` uppercases to `I` outside
 * Turkish, `ı` to `I` everywhere). ASCII numbers keep the key they always had.
 */
export const formNumberKey = (number: string) => number.normalize('NFC').toUpperCase().replace(/İ/g, 'I');

/** One paper form is filed once per institution: its number is the key. */
const formKey = (institutionCode: string, number: string) => ({
  pk: `RESETFORM#${institutionCode}#${formNumberKey(number)}`,
  sk: 'RESETFORM',
});

/**
 * Listed per institution through gsi1 (`INSTITUTION#<code>`, `RESETREQ#<state>#<filedAt>#<id>`),
 * next to the institution's members and late requests; the filing time in the sort key lets
 * overdue two-person requests be read by range, never by scan.
 */
const indexKeys = (r: Pick<ResetRequest, 'institutionCode' | 'state' | 'filedAt' | 'requestId'>) => ({
  gsi1pk: `INSTITUTION#${r.institutionCode}`,
  gsi1sk: `RESETREQ#${r.state}#${r.filedAt}#${r.requestId}`,
});

export interface ResetRequestStore {
  /** Files the request and reserves its form number; false when the institution filed that form already. */
  create(request: ResetRequest): Promise<boolean>;
  /** The request a form number was filed as, if any. */
  requestIdOfForm(institutionCode: string, number: string): Promise<string | null>;
  get(requestId: string): Promise<ResetRequest | null>;
  /**
   * Moves the request to `to` (with `set`) only while its state is one of `from`; false otherwise.
   * This conditional write is what makes a claim (`approved → consuming`) exclusive.
   */
  move(request: ResetRequest, from: readonly ResetRequestState[], to: ResetRequestState, set?: Partial<ResetRequest>): Promise<boolean>;
  list(
    institutionCode: string,
    state: ResetRequestState,
    limit: number,
    cursor?: string,
  ): Promise<{ items: ResetRequest[]; nextCursor: string | null }>;
  /**
   * Records the confirmed scan on the request, once: false when the request is gone or already has
   * one (a confirmed scan is what the approver decided on, so it is never replaced).
   */
  attachFormScan(requestId: string, scan: FormScan, etag: string): Promise<boolean>;
  /** Two-person requests of the institution still awaiting approval that were filed at or before `filedBy`. */
  awaitingSince(institutionCode: string, filedBy: string): Promise<ResetRequest[]>;
  /** The institution's requests being consumed: claims in flight or interrupted (a handful at most). */
  claimed(institutionCode: string): Promise<ResetRequest[]>;
}

const strip = (item: Record<string, unknown>) => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...request } = item;
  return request as unknown as ResetRequest;
};

export function dynamoResetRequestStore(db: DynamoDBDocumentClient, table: string): ResetRequestStore {
  return {
    create: (request) =>
      writeTogether(
        db,
        {
          Put: {
            TableName: table,
            Item: { ...formKey(request.institutionCode, request.form.number), requestId: request.requestId, memberId: request.memberId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        [
          {
            Put: {
              TableName: table,
              Item: { ...requestKey(request.requestId), ...indexKeys(request), ...request },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      ),
    async requestIdOfForm(institutionCode, number) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: formKey(institutionCode, number), ConsistentRead: true }));
      return typeof Item?.requestId === 'string' ? Item.requestId : null;
    },
    async get(requestId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: requestKey(requestId), ConsistentRead: true }));
      return Item ? strip(Item) : null;
    },
    move(request, from, to, set = {}) {
      const allowed = from.filter((f) => canMove(f, to));
      if (allowed.length === 0) return Promise.resolve(false);
      return updateIfState(db, table, requestKey(request.requestId), allowed, {
        ...set,
        state: to,
        ...indexKeys({ ...request, state: to }),
      });
    },
    async attachFormScan(requestId, scan, etag) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: requestKey(requestId),
            UpdateExpression: 'SET #form.#scan = :scan, formScanEtag = :etag',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#form.#scan)',
            ExpressionAttributeNames: { '#form': 'form', '#scan': 'scan' },
            ExpressionAttributeValues: { ':scan': scan, ':etag': etag },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async list(institutionCode, state, limit, cursor) {
      const page = await institutionIndexPage(db, table, { institutionCode, prefix: `RESETREQ#${state}#` }, limit, cursor);
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
    async awaitingSince(institutionCode, filedBy) {
      return (await institutionIndexUpTo(db, table, { institutionCode, prefix: 'RESETREQ#awaiting-approval#' }, filedBy)).map(strip);
    },
    async claimed(institutionCode) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':s': 'RESETREQ#consuming#' },
      });
      return items.map(strip);
    },
  };
}
