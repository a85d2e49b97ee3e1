import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isCancelledByCondition, isConditionFailure } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import { CHAIN_VERSION, GENESIS, recordMac } from './audit-chain';
import { AUDIT_SHARDS, auditPartition, partitionRegistry, registryEntry, seqKey } from './audit-keys';
import { readTail } from './audit-partitions';
import { auditChainKeyFromEnv, type ChainKey } from './chain-key';

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

export { AUDIT_SHARDS, auditPartition, parsePartition, partitionRegistry, registryEntry, seqKey } from './audit-keys';

/** Appends racing for the same sequence number retry; this bounds it well past realistic contention. */
const MAX_ATTEMPTS = 25;
/** TransactWriteItems takes at most 100 items. */
const TRANSACTION_ITEMS = 100;

const randomShard = () => Math.floor(Math.random() * AUDIT_SHARDS);
const shardOf = (pk: string) => Number(pk.slice(pk.lastIndexOf('#') + 1));
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));

/**
 * Append-only, keyed-chain writer. Each record carries its sequence number in the partition, the
 * previous record's MAC and its own (`hash`: HMAC with the audit chain key over every stored
 * attribute, see audit-chain.ts); the sequence number is the sort key and the put is conditional
 * on it being new, so two writers can never both extend the chain from the same tail — the loser
 * re-reads the tail and tries again. The chain key comes from the function's configuration
 * unless given.
 */
export function dynamoAuditLog(
  db: DynamoDBDocumentClient,
  table: string,
  retentionDays: number,
  chainKey: ChainKey = auditChainKeyFromEnv(),
): BulkAuditLog {
  const tail = async (pk: string) => (await readTail(db, table, pk)) ?? { seq: 0, hash: GENESIS };

  const expiry = (at: Date) => Math.floor(at.getTime() / 1000) + retentionDays * 86_400;

  /** The items that extend the chain `pk` from `prev` with `entries`, each linked to the one before. */
  async function chained(pk: string, prev: { seq: number; hash: string }, entries: AuditEntry[]) {
    const key = await chainKey();
    let link = prev;
    return entries.map((entry) => {
      const seq = link.seq + 1;
      const stored = {
        pk,
        sk: seqKey(seq),
        v: CHAIN_VERSION,
        ...entry,
        at: entry.at.toISOString(),
        seq,
        prevHash: link.hash,
        expiresAt: expiry(entry.at),
      };
      const item = { ...stored, hash: recordMac(stored, key) };
      link = { seq, hash: item.hash };
      return item;
    });
  }

  /**
   * A new partition is registered before its first record is written, so the digest job finds
   * it (a registration without a record is harmless: the partition stays empty and unlisted).
   */
  async function register(pk: string, prev: { seq: number }, first: AuditEntry) {
    if (prev.seq !== 0) return;
    const day = first.at.toISOString().slice(0, 10);
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { pk: partitionRegistry(day), sk: registryEntry(first.institution, shardOf(pk)), expiresAt: expiry(first.at) },
      }),
    );
  }

  /** Appends up to 100 entries of one institution and day to one chain, all or none. */
  async function appendGroup(entries: AuditEntry[]) {
    const first = entries[0] as AuditEntry;
    const pk = auditPartition(first.institution, first.at.toISOString().slice(0, 10), randomShard());
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const prev = await tail(pk);
      await register(pk, prev, first);
      const items = await chained(pk, prev, entries);
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
        const prev = await tail(pk);
        await register(pk, prev, entry);
        const [Item] = await chained(pk, prev, [entry]);
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
