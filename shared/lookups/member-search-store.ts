import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../clients/dynamo-helpers';
import type { Member, MemberState } from '../members/member';

/** A member as the `search` index projects it: no more than a search may answer (and filter on). */
export type SearchRow = Pick<
  Member,
  'memberId' | 'address' | 'givenName' | 'familyName' | 'institutionCode' | 'state' | 'phone' | 'nidLast3'
>;

/** What narrows an institution's members: a folded name prefix (a key condition), or a filter. */
export interface SearchFilter {
  namePrefix?: string;
  /** Digits the phone ends with. */
  phoneEnding?: string;
  /** The start of the login (the new address). */
  loginPrefix?: string;
  state?: MemberState;
}

export interface MemberSearchStore {
  /** One institution's members matching `filter`, in name order, from `cursor`; at most `limit`. */
  page(
    institutionCode: string,
    filter: SearchFilter,
    limit: number,
    cursor?: string,
  ): Promise<{ items: SearchRow[]; nextCursor: string | null }>;
}

/** Index entries examined per query call, and calls per page: a sparse filter still answers promptly, with a cursor. */
const EXAMINED_PER_CALL = 200;
const CALLS_PER_PAGE = 5;

const KEY_NAMES = ['pk', 'sk', 'searchPk', 'searchSk'] as const;

/**
 * Reads the sparse `search` index (one partition per institution), never the table: a name prefix
 * is `begins_with` on the sort key; state, phone ending and login prefix are filters over that one
 * institution's entries, finished in code (a phone *ending* has no DynamoDB operator). A page stops
 * at `limit` matches or after `CALLS_PER_PAGE` reads, and its cursor is the last entry examined
 * or returned — the same listing's key, checked when it comes back.
 */
export function dynamoMemberSearchStore(db: DynamoDBDocumentClient, table: string): MemberSearchStore {
  return {
    async page(institutionCode, filter, limit, cursor) {
      const searchPk = `SEARCH#${institutionCode}`;
      let start = cursor
        ? decodeCursor(
            cursor,
            'query.cursor',
            (k) =>
              k.searchPk === searchPk &&
              typeof k.searchSk === 'string' &&
              String(k.pk).startsWith('MEMBER#') &&
              Object.keys(k).every((name) => (KEY_NAMES as readonly string[]).includes(name)),
          )
        : undefined;
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':pk': searchPk };
      if (filter.namePrefix) values[':name'] = filter.namePrefix;
      if (filter.state) {
        filters.push('#state = :state');
        names['#state'] = 'state';
        values[':state'] = filter.state;
      }
      if (filter.phoneEnding) {
        filters.push('contains(phone, :digits)');
        values[':digits'] = filter.phoneEnding;
      }
      if (filter.loginPrefix) {
        filters.push('begins_with(address, :login)');
        values[':login'] = filter.loginPrefix;
      }
      const items: SearchRow[] = [];
      let last: Record<string, unknown> | undefined;
      for (let call = 0; call < CALLS_PER_PAGE; call++) {
        const out = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'search',
            KeyConditionExpression: filter.namePrefix ? 'searchPk = :pk AND begins_with(searchSk, :name)' : 'searchPk = :pk',
            ...(filters.length > 0 && { FilterExpression: filters.join(' AND ') }),
            ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
            ExpressionAttributeValues: values,
            Limit: EXAMINED_PER_CALL,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          if (filter.phoneEnding && !String(item.phone).endsWith(filter.phoneEnding)) continue;
          items.push(item as SearchRow);
          if (items.length === limit) {
            // Stopped inside DynamoDB's page: the next one starts after this entry.
            return { items, nextCursor: encodeCursor(Object.fromEntries(KEY_NAMES.map((k) => [k, item[k]]))) };
          }
        }
        last = out.LastEvaluatedKey;
        if (!last) break;
        start = last;
      }
      return { items, nextCursor: encodeCursor(last) };
    },
  };
}
