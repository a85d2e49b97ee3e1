import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Binding, type ItemAccess, type ItemAction, itemGrants, TABLES, type TableId } from '../shared/catalog';

/**
 * IAM's `dynamodb:LeadingKeys`, emulated: in the cloud a function whose catalog binding scopes a
 * table to item actions on key prefixes (`ItemAccess`) gets an IAM policy with exactly that
 * condition, and DynamoDB refuses anything else. Locally every function shares one client and
 * every permission, so the runner checks each call of a scoped function against the same catalog
 * entry: a use case that starts touching another kind of item fails here, in the integration
 * tests, instead of in production. Functions without a scoped binding are not checked.
 */
const running = new AsyncLocalStorage<{ id: string; binding: Binding }>();

/** Runs a handler invocation as the catalog function `id`, so its DynamoDB calls are checked. */
export function asFunction<T>(id: string, binding: Binding, invoke: () => Promise<T>): Promise<T> {
  return running.run({ id, binding }, invoke);
}

type Access = { action: ItemAction; table: string; key: unknown; index?: string };

const plain = (v: unknown) => (v && typeof v === 'object' && 'S' in v ? (v as { S: unknown }).S : v);

/** The partition key value of a `pk = :v` (or `#n = :v`) key condition. */
function queriedKey(input: Record<string, unknown>, partitionKey: string): unknown {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = m[1]?.startsWith('#') ? names[m[1]] : m[1];
    if (name === partitionKey) return values[m[2] as string];
  }
  return undefined;
}

/** Every item action a command performs, with the table and partition key it touches. */
function accessesOf(command: string, input: Record<string, unknown>, pkOf: (table: string) => string): Access[] {
  const name = command.replace(/Command$/, '');
  const single = (action: ItemAction, table: unknown, item: unknown): Access => ({
    action,
    table: String(table),
    key: (item as Record<string, unknown> | undefined)?.[pkOf(String(table))],
  });
  switch (name) {
    case 'Get':
    case 'GetItem':
      return [single('GetItem', input.TableName, input.Key)];
    case 'Put':
    case 'PutItem':
      return [single('PutItem', input.TableName, input.Item)];
    case 'Update':
    case 'UpdateItem':
      return [single('UpdateItem', input.TableName, input.Key)];
    case 'Delete':
    case 'DeleteItem':
      return [single('DeleteItem', input.TableName, input.Key)];
    case 'Query': {
      const table = String(input.TableName);
      return [{ action: 'Query', table, key: queriedKey(input, pkOf(table)), index: input.IndexName as string | undefined }];
    }
    case 'TransactWrite':
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Array<Record<string, Record<string, unknown>>>).map((t) => {
        if (t.Put) return single('PutItem', t.Put.TableName, t.Put.Item);
        if (t.Update) return single('UpdateItem', t.Update.TableName, t.Update.Key);
        if (t.Delete) return single('DeleteItem', t.Delete.TableName, t.Delete.Key);
        const check = t.ConditionCheck ?? {};
        return single('ConditionCheckItem', check.TableName, check.Key);
      });
    case 'BatchGet':
    case 'BatchGetItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap(([table, r]) =>
        (r.Keys ?? []).map((k) => single('BatchGetItem', table, k)),
      );
    default:
      // Scan, BatchWrite, TransactGet…: never granted by a scoped binding.
      return [
        { action: name as ItemAction, table: String(input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? ''), key: undefined },
      ];
  }
}

function allowed(access: Access, grant: ItemAccess): boolean {
  const key = plain(access.key);
  return (
    access.index === undefined &&
    grant.actions.includes(access.action) &&
    typeof key === 'string' &&
    grant.leadingKeys.some((prefix) => key.startsWith(prefix))
  );
}

/**
 * What of one DynamoDB call a function with this binding may not do, as IAM would refuse it: one
 * sentence per refused item access (empty when everything is allowed). Tables bound whole are not
 * checked. `tableNames` maps the catalog's table ids to the physical names calls use.
 */
export function refusedAccesses(
  binding: Binding,
  commandName: string,
  input: Record<string, unknown>,
  tableNames: Record<TableId, string>,
): string[] {
  const idOf = new Map(Object.entries(tableNames).map(([id, name]) => [name, id as TableId]));
  const pkOf = (table: string) => TABLES[idOf.get(table) as TableId]?.partitionKey ?? 'pk';
  return accessesOf(commandName, input, pkOf).flatMap((access) => {
    const id = idOf.get(access.table);
    const grants = itemGrants(id ? binding.tables?.[id] : undefined);
    if (!grants || grants.some((grant) => allowed(access, grant))) return [];
    const what = `dynamodb:${access.action} on ${id}${access.index ? ` index ${access.index}` : ''} key ${JSON.stringify(plain(access.key))}`;
    const granted = grants.map((g) => `${g.actions.join('/')} on ${g.leadingKeys.join(', ')}`).join('; ');
    return [`not authorized to perform ${what} (catalog binding: dynamodb:LeadingKeys ${granted})`];
  });
}

/** Installs the check on the DynamoDB client every handler of this process shares. */
export function guardLeadingKeys(client: DynamoDBDocumentClient, tableNames: Record<TableId, string>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = running.getStore();
      const [refused] = fn ? refusedAccesses(fn.binding, context.commandName ?? '', args.input as Record<string, unknown>, tableNames) : [];
      if (fn && refused) {
        throw Object.assign(new Error(`${fn.id} is ${refused}`), {
          name: 'AccessDeniedException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'localLeadingKeys' },
  );
}
