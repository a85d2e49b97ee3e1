import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** One DynamoDB call as a handler made it: the command and its (document-client) input. */
export interface DynamoCall {
  command: string;
  input: Record<string, unknown>;
}

const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

/** Splits at `sep` outside parentheses. */
function splitTop(text: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (depth === 0) {
      const m = sep.exec(text.slice(i));
      if (m && m.index === 0) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * The small part of DynamoDB's expression language Posta's stores use (SET with `+` and
 * `if_not_exists`, ADD, REMOVE; conditions with AND/OR, comparisons, IN, attribute_(not_)exists),
 * enough to run a handler's flow for real in a unit test. Anything else throws, so a store that
 * starts using more is noticed here rather than judged wrongly.
 */
function expressions(input: Record<string, unknown>) {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const name = (token: string) => (token.startsWith('#') ? (names[token] ?? token) : token);
  const operand = (item: Item, token: string): unknown => {
    const t = token.trim();
    if (t.startsWith(':')) return values[t];
    const ifNotExists = /^if_not_exists\(\s*([#\w]+)\s*,\s*(:\w+)\s*\)$/.exec(t);
    if (ifNotExists) return item[name(ifNotExists[1] as string)] ?? values[ifNotExists[2] as string];
    const sum = /^([#\w]+)\s*\+\s*(:\w+)$/.exec(t);
    if (sum) return Number(item[name(sum[1] as string)] ?? 0) + Number(values[sum[2] as string]);
    if (/^[#\w]+$/.test(t)) return item[name(t)];
    throw new Error(`memory-dynamo: unsupported operand ${t}`);
  };

  function holds(item: Item | undefined, condition: string): boolean {
    const text = condition.trim();
    const ors = splitTop(text, /^\s+OR\s+/);
    if (ors.length > 1) return ors.some((c) => holds(item, c));
    const ands = splitTop(text, /^\s+AND\s+/);
    if (ands.length > 1) return ands.every((c) => holds(item, c));
    if (text.startsWith('(') && text.endsWith(')')) return holds(item, text.slice(1, -1));
    const present = /^attribute_(not_)?exists\(\s*([#\w]+)\s*\)$/.exec(text);
    if (present) return (item?.[name(present[2] as string)] !== undefined) === !present[1];
    const inList = /^([#\w]+)\s+IN\s+\(([^)]*)\)$/.exec(text);
    if (inList) {
      const v = item?.[name(inList[1] as string)];
      return (inList[2] as string).split(',').some((t) => values[t.trim()] === v);
    }
    const cmp = /^([#:\w]+)\s*(<>|<=|>=|=|<|>)\s*([#:\w]+)$/.exec(text);
    if (cmp) {
      const a = operand(item ?? {}, cmp[1] as string) as number | string;
      const b = operand(item ?? {}, cmp[3] as string) as number | string;
      if (a === undefined || b === undefined) return cmp[2] === '<>';
      switch (cmp[2]) {
        case '=':
          return a === b;
        case '<>':
          return a !== b;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        default:
          return a >= b;
      }
    }
    throw new Error(`memory-dynamo: unsupported condition ${text}`);
  }

  function update(item: Item, expression: string): Item {
    const out = { ...item };
    for (const m of expression.matchAll(/(SET|ADD|REMOVE)\s+(.*?)(?=\s+(?:SET|ADD|REMOVE)\s|$)/gs)) {
      const [, verb, body] = m as unknown as [string, string, string];
      for (const clause of splitTop(body, /^,/)) {
        if (verb === 'REMOVE') delete out[name(clause)];
        else if (verb === 'ADD') {
          const [attr, value] = clause.split(/\s+/) as [string, string];
          out[name(attr)] = Number(out[name(attr)] ?? 0) + Number(values[value]);
        } else {
          const [attr, value] = splitTop(clause, /^=/) as [string, string];
          out[name(attr)] = operand(item, value);
        }
      }
    }
    return out;
  }

  return { holds, update };
}

/**
 * An in-memory DynamoDB behind the document client every handler shares: each call is recorded
 * and answered from a map of items (never the network), keys named by each table's `pk`/`sk`.
 * Installed at the `initialize` step, before the SDK marshals anything.
 */
export function memoryDynamo(client: DynamoDBDocumentClient) {
  const items = new Map<string, Item>();
  const calls: DynamoCall[] = [];
  const id = (table: unknown, key: Item) => `${String(table)}|${String(key.pk)}|${String(key.sk ?? '')}`;
  const keyOf = (item: Item) => ({ pk: item.pk, ...(item.sk !== undefined && { sk: item.sk }) });

  function put(input: Record<string, unknown>) {
    const item = input.Item as Item;
    const current = items.get(id(input.TableName, item));
    if (input.ConditionExpression && !expressions(input).holds(current, String(input.ConditionExpression))) throw conditionFailed();
    return () => items.set(id(input.TableName, item), { ...item });
  }
  function updateItem(input: Record<string, unknown>) {
    const key = input.Key as Item;
    const current = items.get(id(input.TableName, key));
    const ex = expressions(input);
    if (input.ConditionExpression && !ex.holds(current, String(input.ConditionExpression))) throw conditionFailed();
    const next = ex.update({ ...(current ?? {}), ...key }, String(input.UpdateExpression ?? ''));
    return () => {
      items.set(id(input.TableName, key), next);
      return next;
    };
  }
  function deleteItem(input: Record<string, unknown>) {
    const key = input.Key as Item;
    const current = items.get(id(input.TableName, key));
    if (input.ConditionExpression && !expressions(input).holds(current, String(input.ConditionExpression))) throw conditionFailed();
    return () => items.delete(id(input.TableName, key));
  }

  function answer(command: string, input: Record<string, unknown>): Record<string, unknown> {
    switch (command.replace(/Command$/, '').replace(/Items?$/, '')) {
      case 'Get':
        return { Item: items.get(id(input.TableName, input.Key as Item)) };
      case 'Put':
        put(input)();
        return {};
      case 'Update': {
        const written = updateItem(input)();
        return input.ReturnValues === 'ALL_NEW' ? { Attributes: written } : {};
      }
      case 'Delete':
        deleteItem(input)();
        return {};
      case 'Query': {
        const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
        const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
        const m = /^([#\w]+)\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression));
        if (!m) throw new Error(`memory-dynamo: unsupported key condition ${input.KeyConditionExpression}`);
        const attr = m[1]?.startsWith('#') ? names[m[1]] : m[1];
        const found = [...items.entries()]
          .filter(([k, item]) => k.startsWith(`${String(input.TableName)}|`) && item[attr as string] === values[m[2] as string])
          .map(([, item]) => item)
          .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
        if (input.ScanIndexForward === false) found.reverse();
        return { Items: found.slice(0, (input.Limit as number | undefined) ?? found.length) };
      }
      case 'TransactWrite': {
        const steps = (input.TransactItems as Array<Record<string, Record<string, unknown>>>).map((t, index) => {
          try {
            if (t.Put) return put(t.Put);
            if (t.Update) return updateItem(t.Update);
            if (t.Delete) return deleteItem(t.Delete);
            const check = t.ConditionCheck as Record<string, unknown>;
            if (!expressions(check).holds(items.get(id(check.TableName, check.Key as Item)), String(check.ConditionExpression))) {
              throw conditionFailed();
            }
            return () => undefined;
          } catch (error) {
            throw Object.assign(new Error('Transaction cancelled'), {
              name: 'TransactionCanceledException',
              $fault: 'client',
              $metadata: { httpStatusCode: 400 },
              CancellationReasons: (input.TransactItems as unknown[]).map((_, i) => ({
                Code: i === index && (error as Error).name === 'ConditionalCheckFailedException' ? 'ConditionalCheckFailed' : 'None',
              })),
            });
          }
        });
        for (const step of steps) step();
        return {};
      }
      case 'BatchGet': {
        const requests = input.RequestItems as Record<string, { Keys: Item[] }>;
        return {
          Responses: Object.fromEntries(
            Object.entries(requests).map(([table, r]) => [table, r.Keys.flatMap((k) => items.get(id(table, k)) ?? [])]),
          ),
          UnprocessedKeys: {},
        };
      }
      default:
        throw new Error(`memory-dynamo: ${command} is not supported`);
    }
  }

  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? '';
      const input = args.input as Record<string, unknown>;
      calls.push({ command, input });
      return { output: { $metadata: {}, ...answer(command, input) }, response: {} } as never;
    },
    { step: 'initialize', name: 'memoryDynamo', priority: 'low' },
  );

  return {
    calls,
    /** Writes an item as a fixture (not recorded as a call). */
    seed: (table: string, item: Item) => void items.set(id(table, keyOf(item)), { ...item }),
    get: (table: string, key: Item) => items.get(id(table, key)),
  };
}
