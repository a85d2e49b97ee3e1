import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  isCancelledByCondition,
  isConditionFailure,
  queryAll,
  untilProcessed,
  updateIfState,
  writeTogether,
} from '../clients/dynamo-helpers';
import { recoveryPhoneEntry } from '../credentials/recovery-phone';
import { inPool } from '../in-pool';
import { searchKeys } from '../lookups/search-keys';
import { type ProgressDelta, type ProgressScope, progressUpdates } from '../progress/progress-counters';
import { IMPORTED_FIELDS, type ImportedFields, type Member } from './member';
import { type PoolEntry, poolKeys } from './member-pool';
import { memberCounts, negate } from './state-counter';

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });
const addressKey = (address: string) => ({ pk: `ADDRESS#${address}`, sk: 'ADDRESS' });

export interface MemberStore {
  getMany(memberIds: string[]): Promise<Map<string, Member>>;
  /** false when the member already exists (a re-processed chunk). Counts them pending. */
  create(member: Member): Promise<boolean>;
  /**
   * Like `create` without the progress counters: for a bulk writer that counts a whole batch at
   * once (the import, in the transaction that records its chunk), instead of one transaction per
   * member on the institution's counter item.
   */
  createUncounted(member: Member): Promise<boolean>;
  /**
   * Claims each member's address and puts each member (uncounted) in one transaction, all or
   * none: false, writing nothing, when an address belongs to someone else or a member exists.
   * At most 50 members (two items each; a transaction holds 100), with distinct addresses.
   */
  enrolTogether(members: Member[]): Promise<boolean>;
  /**
   * Applies changed HR fields when the stored row hash is still `previous.rowHash`. A changed
   * institution moves the member's counts from the old institution's progress counters to the
   * new one's in the same transaction. With `address`, a member not yet launched (still pending)
   * moves to a new address in the same transaction: the new one claimed, the old one released, so
   * the mailbox follows its old address and never drifts from it. The member must still be in the
   * lot it was read in, and that lot not launching: the launcher creates accounts at the address it
   * reads. `stale`: the member changed meanwhile (another row hash, launched, or put in a lot),
   * nothing written; `address_taken`: the new address belongs to someone else; `launching`: the
   * member's lot is launching or launched — in both, nothing written.
   */
  updateImported(
    memberId: string,
    fields: ImportedFields & { rowHash: string; updatedAt: string; importJobId: string },
    previous: Pick<Member, 'rowHash' | 'institutionCode' | 'state' | 'noticesSent' | 'lotId'>,
    address?: { from: string; to: string },
    /**
     * Set in the same write: when the phone or alternate email changed (the channel-change hold);
     * a phone change also files the account's recovery phone to follow it (recovery-phone.ts).
     */
    stamps?: Partial<Pick<Member, 'phoneChangedAt' | 'alternateEmailChangedAt'>>,
  ): Promise<'updated' | 'stale' | 'address_taken' | 'launching'>;
  /** Who holds each of these addresses (member or group id), for those that are taken. */
  addressOwners(addresses: readonly string[]): Promise<Map<string, string>>;
  /** Reserves an address for a member; true if it is (now or already) theirs. */
  claimAddress(address: string, memberId: string): Promise<boolean>;
  get(memberId: string): Promise<Member | null>;
  /** The member whose new address (login) this is, through its `ADDRESS#` item; null for accounts outside the register. */
  getByAddress(address: string): Promise<Member | null>;
  idsOfInstitution(institutionCode: string): Promise<string[]>;
  /** Puts a pending member without a lot into a lot (gsi2 = `LOT#<id>`, out of the pool); false otherwise. */
  assignToLot(memberId: string, lotId: string): Promise<boolean>;
  /** A lot's members in id order, after `after`: the launcher's paced waves. */
  lotMembers(lotId: string, after: string | null, limit: number): Promise<string[]>;
  /** Like `lotMembers`, with what a release needs to put each member back in the pool. */
  lotEntries(lotId: string, after: string | null, limit: number): Promise<Array<Pick<Member, 'memberId' | 'createdAt'>>>;
  /** One pool shard, oldest first, after `after` (a pool sort key); `more` while the shard goes on. */
  poolPage(shard: number, after: string | null, limit: number): Promise<{ entries: PoolEntry[]; more: boolean }>;
  /**
   * Takes a member of a cancelled lot back to the pool, only while it is still in that lot and
   * pending, moving the lot's pending counter with it; false otherwise (already released).
   */
  releaseFromLot(member: Pick<Member, 'memberId' | 'createdAt'>, lotId: string): Promise<boolean>;
  /**
   * Sets fields (and removes `remove`) when the member is in one of `from`, moving the progress
   * counters with it; false otherwise.
   */
  advance(
    memberId: string,
    from: Member['state'][],
    set: Partial<Member>,
    progress?: { scope: ProgressScope; delta: ProgressDelta },
    remove?: Array<keyof Member>,
  ): Promise<boolean>;
  /** Member ids whose next reminder falls in this `due` index partition. */
  dueNotices(duePk: string): Promise<string[]>;
  /**
   * Records one more notice if the count is still `sentBefore` (so a sweep run twice sends once)
   * and the member is still `notified`, and files the next reminder (or none).
   */
  recordNotice(
    memberId: string,
    sentBefore: number,
    at: string,
    next: { duePk: string; dueSk: string } | null,
    progress?: { scope: ProgressScope; delta: ProgressDelta },
  ): Promise<boolean>;
}

/** The put that reserves an address for a member: free, or already theirs. */
function addressClaim(table: string, address: string, memberId: string) {
  return {
    TableName: table,
    Item: { ...addressKey(address), memberId },
    ConditionExpression: 'attribute_not_exists(pk) OR memberId = :me',
    ExpressionAttributeValues: { ':me': memberId },
  };
}

/** The conditional put of a new member item with its index keys. */
function newMemberPut(table: string, member: Member) {
  return {
    TableName: table,
    Item: {
      ...memberKey(member.memberId),
      gsi1pk: `INSTITUTION#${member.institutionCode}`,
      gsi1sk: `MEMBER#${member.memberId}`,
      // The help desk's search entry (shared/lookups): the names and institution it is keyed by come with it.
      ...searchKeys(member),
      // A new member is pending and in no lot: it starts in the pool.
      ...(member.state === 'pending' && !member.lotId && poolKeys(member)),
      ...member,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** Items: `MEMBER#<id>`/`MEMBER` (gsi1 = institution) and `ADDRESS#<addr>`/`ADDRESS` (uniqueness). */
export function dynamoMemberStore(db: DynamoDBDocumentClient, table: string): MemberStore {
  return {
    async getMany(memberIds) {
      const found = new Map<string, Member>();
      const slices = Array.from({ length: Math.ceil(memberIds.length / 100) }, (_, i) => memberIds.slice(i * 100, (i + 1) * 100));
      // A 5,000-row import chunk reads 50 slices: 8 at once rather than one after another.
      await inPool(slices, 8, (slice) =>
        untilProcessed<Record<string, unknown>>(slice.map(memberKey), async (keys) => {
          const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of out.Responses?.[table] ?? []) found.set(item.memberId, item as Member);
          return out.UnprocessedKeys?.[table]?.Keys;
        }),
      );
      return found;
    },
    create: (member) =>
      writeTogether(
        db,
        { Put: newMemberPut(table, member) },
        progressUpdates(table, { institutionCode: member.institutionCode }, { pending: 1 }),
      ),
    createUncounted: (member) => writeTogether(db, { Put: newMemberPut(table, member) }, []),
    async enrolTogether(members) {
      if (members.length === 0) return true;
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: members.flatMap((member) => [
              { Put: addressClaim(table, member.address, member.memberId) },
              { Put: newMemberPut(table, member) },
            ]),
          }),
        );
        return true;
      } catch (error) {
        if (isCancelledByCondition(error)) return false;
        throw error;
      }
    },
    async updateImported(memberId, fields, previous, address, stamps = {}) {
      const names = [
        ...IMPORTED_FIELDS,
        'rowHash',
        'updatedAt',
        'importJobId',
        ...(address ? (['address'] as const) : []),
        ...(Object.keys(stamps) as Array<keyof typeof stamps>),
      ] as const;
      const values: Record<string, unknown> = { ...fields, ...stamps, ...(address && { address: address.to }) };
      // Moving the address also needs the member still in the lot it was read in (or in none).
      const lotCondition = (seen: typeof previous) =>
        address ? ` AND ${seen.lotId === undefined ? 'attribute_not_exists(lotId)' : 'lotId = :lot'}` : '';
      // Names or institution may change: the search entry moves with them, in the same write.
      const search = searchKeys({ memberId, ...fields });
      const update = (seen: typeof previous) => ({
        TableName: table,
        Key: memberKey(memberId),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}, gsi1pk = :inst, searchPk = :spk, searchSk = :ssk`,
        // The counts move only if state and reminders are still what they were read as.
        ConditionExpression: `rowHash = :previous AND #state = :state AND ${
          seen.noticesSent === undefined ? 'attribute_not_exists(noticesSent)' : 'noticesSent = :sent'
        }${lotCondition(seen)}`,
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])), '#state': 'state' },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]])),
          ':previous': previous.rowHash,
          ':state': seen.state,
          ':inst': `INSTITUTION#${fields.institutionCode}`,
          ':spk': search.searchPk,
          ':ssk': search.searchSk,
          ...(seen.noticesSent !== undefined && { ':sent': seen.noticesSent }),
          ...(address && seen.lotId !== undefined && { ':lot': seen.lotId }),
        },
      });
      const moves = (seen: typeof previous) => {
        if (seen.institutionCode === fields.institutionCode) return [];
        const counts = memberCounts(seen);
        return [
          ...progressUpdates(table, { institutionCode: seen.institutionCode, deployment: false }, negate(counts)),
          ...progressUpdates(table, { institutionCode: fields.institutionCode, deployment: false }, counts),
        ];
      };
      const readdress = address
        ? [
            { Put: addressClaim(table, address.to, memberId) },
            {
              Delete: {
                TableName: table,
                Key: addressKey(address.from),
                ConditionExpression: 'memberId = :me',
                ExpressionAttributeValues: { ':me': memberId },
              },
            },
          ]
        : [];
      /** A member in a lot moves address only while the lot has not started launching. */
      const lotStillWaiting = (seen: typeof previous) =>
        address && seen.lotId !== undefined
          ? [
              {
                ConditionCheck: {
                  TableName: table,
                  Key: { pk: `LOT#${seen.lotId}`, sk: 'LOT' },
                  ConditionExpression: '#state IN (:scheduled, :cancelled)',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: { ':scheduled': 'scheduled', ':cancelled': 'cancelled' },
                },
              },
            ]
          : [];
      // A changed phone: the sign-in account's recovery phone follows it once the hold ends (recovery-phone.ts).
      const recoveryPhone = stamps.phoneChangedAt ? [recoveryPhoneEntry(table, memberId, stamps.phoneChangedAt)] : [];
      let seen = previous;
      // A launch may move the member's state between our read and this write: read again and
      // retry, as long as the HR row is still the one we replace (and, to move the address, the
      // member is still pending).
      for (let attempt = 0; attempt < 5; attempt++) {
        if (address && seen.state !== 'pending') return 'stale';
        const lotCheck = lotStillWaiting(seen);
        const extras = [...moves(seen), ...readdress, ...lotCheck, ...recoveryPhone];
        try {
          if (await writeTogether(db, { Update: update(seen) }, extras)) return 'updated';
        } catch (error) {
          if (address && isCancelledByCondition(error, 1 + moves(seen).length)) return 'address_taken';
          if (lotCheck.length > 0 && isCancelledByCondition(error, 1 + moves(seen).length + readdress.length)) return 'launching';
          throw error;
        }
        const now = await this.get(memberId);
        if (!now || now.rowHash !== previous.rowHash) return 'stale';
        seen = now;
      }
      return 'stale';
    },
    async addressOwners(addresses) {
      const owners = new Map<string, string>();
      const unique = [...new Set(addresses)];
      const slices = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, (i + 1) * 100));
      await inPool(slices, 8, (slice) =>
        untilProcessed<Record<string, unknown>>(slice.map(addressKey), async (keys) => {
          const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of out.Responses?.[table] ?? []) {
            const owner = item.memberId ?? item.groupId;
            if (typeof owner === 'string') owners.set(String(item.pk).slice('ADDRESS#'.length), owner);
          }
          return out.UnprocessedKeys?.[table]?.Keys;
        }),
      );
      return owners;
    },
    async get(memberId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: memberKey(memberId), ConsistentRead: true }));
      return (Item as Member | undefined) ?? null;
    },
    async getByAddress(address) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: addressKey(address), ConsistentRead: true }));
      return typeof Item?.memberId === 'string' ? this.get(Item.memberId) : null;
    },
    async idsOfInstitution(institutionCode) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :m)',
        ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':m': 'MEMBER#' },
        ProjectionExpression: 'memberId',
      });
      return items.map((i) => i.memberId as string);
    },
    assignToLot: (memberId, lotId) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(memberId),
            UpdateExpression: 'SET lotId = :lot, gsi2pk = :g, gsi2sk = :id',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lotId) AND #state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':lot': lotId, ':g': `LOT#${lotId}`, ':id': memberId, ':pending': 'pending' },
          },
        },
        progressUpdates(table, { lotId }, { pending: 1 }),
      ),
    async lotMembers(lotId, after, limit) {
      return (await this.lotEntries(lotId, after, limit)).map((e) => e.memberId);
    },
    async lotEntries(lotId, after, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: after ? 'gsi2pk = :p AND gsi2sk > :after' : 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': `LOT#${lotId}`, ...(after && { ':after': after }) },
          ProjectionExpression: 'memberId, createdAt',
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => ({ memberId: i.memberId as string, createdAt: i.createdAt as string }));
    },
    async poolPage(shard, after, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: after ? 'gsi2pk = :p AND gsi2sk > :after' : 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': `POOL#${shard}`, ...(after && { ':after': after }) },
          ProjectionExpression: 'memberId, gsi2sk',
          Limit: limit,
        }),
      );
      return {
        entries: (out.Items ?? []).map((i) => ({ memberId: i.memberId as string, poolSk: i.gsi2sk as string })),
        more: out.LastEvaluatedKey !== undefined,
      };
    },
    releaseFromLot: (member, lotId) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(member.memberId),
            UpdateExpression: 'SET gsi2pk = :g, gsi2sk = :s REMOVE lotId',
            ConditionExpression: 'lotId = :lot AND #state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':lot': lotId,
              ':pending': 'pending',
              ':g': poolKeys(member).gsi2pk,
              ':s': poolKeys(member).gsi2sk,
            },
          },
        },
        progressUpdates(table, { lotId }, { pending: -1 }),
      ),
    advance: (memberId, from, set, progress, remove = []) =>
      updateIfState(
        db,
        table,
        memberKey(memberId),
        from,
        set,
        remove,
        progress ? progressUpdates(table, progress.scope, progress.delta) : [],
      ),
    async dueNotices(duePk) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :p',
        ExpressionAttributeValues: { ':p': duePk },
      });
      return items.map((i) => i.memberId as string);
    },
    recordNotice: (memberId, sentBefore, at, next, progress) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(memberId),
            UpdateExpression: next
              ? 'SET noticesSent = :after, lastNoticeAt = :at, duePk = :pk, dueSk = :sk'
              : 'SET noticesSent = :after, lastNoticeAt = :at REMOVE duePk, dueSk',
            // Still notified and still reachable: a member who signed in (activated), or whose
            // delivery failed, between the read and this write gets no reminder (nor its due keys back).
            ConditionExpression: 'noticesSent = :before AND #state = :notified AND attribute_not_exists(deliveryFailure)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':notified': 'notified',
              ':before': sentBefore,
              ':after': sentBefore + 1,
              ':at': at,
              ...(next && { ':pk': next.duePk, ':sk': next.dueSk }),
            },
          },
        },
        progress ? progressUpdates(table, progress.scope, progress.delta) : [],
      ),
    async claimAddress(address, memberId) {
      try {
        await db.send(new PutCommand(addressClaim(table, address, memberId)));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
