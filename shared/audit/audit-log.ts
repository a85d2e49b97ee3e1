import { type DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isCancelledByCondition, isConditionFailure } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import { GENESIS, recordHash } from './audit-chain';

/** One audit record. Never a password, code, token or full national ID: names of fields only. */
export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  target: string;
  institution: string;
  at: Date;
  requestId: string;
  outcome: 'success' | 'refused' | 'failed';
  reason?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** What bulk writers (the import) get: many records appended with one tail read per hundred. */
export interface BulkAuditLog extends AuditLog {
  recordMany(entries: AuditEntry[]): Promise<void>;
}

/**
 * Chains per institution, day and shard. Shards let concurrent writers (an import applies rows in
 * parallel) append without queueing behind one tail; `audit:verify` walks every shard of a day.
 */
export const AUDIT_SHARDS = 8;
export const auditPartition = (institution: string, day: string, shard: number) => `AUDIT#${institution}#${day}#${shard}`;
export const seqKey = (seq: number) => String(seq).padStart(12, '0');

/** Appends racing for the same sequence number retry; this bounds it well past realistic contention. */
const MAX_ATTEMPTS = 25;
/** TransactWriteItems takes at most 100 items. */
const TRANSACTION_ITEMS = 100;

const randomShard = () => Math.floor(Math.random() * AUDIT_SHARDS);
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));

/**
 * Append-only, hash-chained writer. Each record carries its sequence number in the partition,
 * the previous record's hash and its own; the sequence number is the sort key and the put is
 * conditional on it being new, so two writers can never both extend the chain from the same
 * tail — the loser re-reads the tail and tries again.
 */
export function dynamoAuditLog(db: DynamoDBDocumentClient, table: string, retentionDays: number): BulkAuditLog {
  async function tail(pk: string): Promise<{ seq: number; hash: string }> {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = out.Items?.[0];
    return last ? { seq: last.seq as number, hash: last.hash as string } : { seq: 0, hash: GENESIS };
  }

  /** The items that extend the chain `pk` from `prev` with `entries`, each linked to the one before. */
  function chained(pk: string, prev: { seq: number; hash: string }, entries: AuditEntry[]) {
    let link = prev;
    return entries.map((entry) => {
      const content = { ...entry, at: entry.at.toISOString(), seq: link.seq + 1, prevHash: link.hash };
      const hash = recordHash(content);
      link = { seq: content.seq, hash };
      return {
        pk,
        sk: seqKey(content.seq),
        ...content,
        hash,
        expiresAt: Math.floor(entry.at.getTime() / 1000) + retentionDays * 86_400,
      };
    });
  }

  /** Appends up to 100 entries of one institution and day to one chain, all or none. */
  async function appendGroup(entries: AuditEntry[]) {
    const first = entries[0] as AuditEntry;
    const pk = auditPartition(first.institution, first.at.toISOString().slice(0, 10), randomShard());
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const items = chained(pk, await tail(pk), entries);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: items.map((Item) => ({ Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
          }),
        );
        return;
      } catch (error) {
        if (!isCancelledByCondition(error)) throw error;
        await backOff(attempt);
      }
    }
    throw new Error(`audit chain ${pk} stayed contended for ${MAX_ATTEMPTS} attempts`);
  }

  return {
    async record(entry) {
      const pk = auditPartition(entry.institution, entry.at.toISOString().slice(0, 10), randomShard());
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const [Item] = chained(pk, await tail(pk), [entry]);
        try {
          await db.send(new PutCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
          return;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          await backOff(attempt);
        }
      }
      throw new Error(`audit chain ${pk} stayed contended for ${MAX_ATTEMPTS} attempts`);
    },

    // One transaction per hundred records of an institution and day, instead of a tail read and
    // a put per record; groups go in parallel (they are different chains).
    async recordMany(entries) {
      const byChain = new Map<string, AuditEntry[]>();
      for (const entry of entries) {
        const key = `${entry.institution}#${entry.at.toISOString().slice(0, 10)}`;
        byChain.set(key, [...(byChain.get(key) ?? []), entry]);
      }
      const groups = [...byChain.values()].flatMap((list) =>
        Array.from({ length: Math.ceil(list.length / TRANSACTION_ITEMS) }, (_, i) =>
          list.slice(i * TRANSACTION_ITEMS, (i + 1) * TRANSACTION_ITEMS),
        ),
      );
      await inPool(groups, 8, appendGroup);
    },
  };
}
