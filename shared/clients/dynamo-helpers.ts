import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** Every item of a query, page after page (for bounded result sets: an institution, a day shard). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * A state machine step: sets `set` (and removes `remove`) only while the item's `state` is one
 * of `from`. Returns false, without writing, when it is not — the caller decides whether that
 * is a conflict or a harmless repeat.
 */
export async function updateIfState(
  db: DynamoDBDocumentClient,
  table: string,
  key: Record<string, string>,
  from: readonly string[],
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): Promise<boolean> {
  const names = Object.keys(set);
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n]])),
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
