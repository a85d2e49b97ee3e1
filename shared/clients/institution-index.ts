import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, queryAll, queryPage } from './dynamo-helpers';

/**
 * An institution's items of one kind, as gsi1 holds them: partition `INSTITUTION#<code>`, sort
 * key starting with the kind's `prefix` (`RESETREQ#<state>#`, `INSTMAILBOX#` …). The readers every
 * per-institution listing shares.
 */

/**
 * One page (oldest first, or `newestFirst`), resumed from a cursor this listing returned; one
 * crafted for another partition or kind is 400 `cursor_invalid`.
 */
export async function institutionIndexPage(
  db: DynamoDBDocumentClient,
  table: string,
  index: { institutionCode: string; prefix: string; newestFirst?: boolean },
  limit: number,
  cursor: string | undefined,
) {
  const gsi1pk = `INSTITUTION#${index.institutionCode}`;
  return queryPage(
    db,
    {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      ExpressionAttributeValues: { ':p': gsi1pk, ':s': index.prefix },
      ...(index.newestFirst && { ScanIndexForward: false }),
      Limit: limit,
    },
    cursor,
    (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === gsi1pk && String(k.gsi1sk).startsWith(index.prefix)),
  );
}

/**
 * Every item whose sort key is `prefix` followed by at most `upTo` (an ISO instant the keys
 * continue with): a range read of, say, the requests filed by a cutoff, never a scan.
 */
export function institutionIndexUpTo(
  db: DynamoDBDocumentClient,
  table: string,
  index: { institutionCode: string; prefix: string },
  upTo: string,
) {
  return queryAll(db, {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':p': `INSTITUTION#${index.institutionCode}`,
      ':from': index.prefix,
      // `~` sorts after every character of an id, so keys at exactly `upTo` are in.
      ':to': `${index.prefix}${upTo}~`,
    },
  });
}
