import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isCancelledByCondition } from '../clients/dynamo-helpers';
import { institutionIndexPage } from '../clients/institution-index';
import type { InstitutionMailbox } from './institution-mailbox';

const accountKey = (mailboxId: string) => ({ pk: `MEMBER#${mailboxId}`, sk: 'MEMBER' });
const addressKey = (address: string) => ({ pk: `ADDRESS#${address}`, sk: 'ADDRESS' });

/** Listed under its institution (gsi1), by address, apart from the staff (`MEMBER#…`). */
const listKeys = (m: Pick<InstitutionMailbox, 'institutionCode' | 'address'>) => ({
  gsi1pk: `INSTITUTION#${m.institutionCode}`,
  gsi1sk: `INSTMAILBOX#${m.address}`,
});

/**
 * The mailbox's own items. Its state moves (account created, password issued, sweep, reset) go
 * through the member store's `advance` and the deadline store like a member's: same key space.
 */
export interface InstitutionMailboxStore {
  /**
   * Claims the address (the `ADDRESS#` space members and mailing lists share) and puts the
   * pending mailbox, in one transaction; false, writing nothing, when the address is taken.
   */
  create(mailbox: InstitutionMailbox): Promise<boolean>;
  /** The institution mailbox with this id; null when none (or when the id is a member's). */
  get(mailboxId: string): Promise<InstitutionMailbox | null>;
  /** Takes back a registration that could not finish: the mailbox (only while still pending) and its address. */
  discard(mailbox: InstitutionMailbox): Promise<void>;
  list(institutionCode: string, limit: number, cursor?: string): Promise<{ items: InstitutionMailbox[]; nextCursor: string | null }>;
}

/** Parsed at the edge: only an item of kind `institution-mailbox` is one; index keys stripped. */
function mailboxOf(item: Record<string, unknown> | undefined): InstitutionMailbox | null {
  if (item?.kind !== 'institution-mailbox' || typeof item.responsibleMemberId !== 'string') return null;
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...mailbox } = item;
  return mailbox as unknown as InstitutionMailbox;
}

export function dynamoInstitutionMailboxStore(db: DynamoDBDocumentClient, table: string): InstitutionMailboxStore {
  return {
    async create(mailbox) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...addressKey(mailbox.address), memberId: mailbox.memberId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { ...accountKey(mailbox.memberId), ...listKeys(mailbox), ...mailbox },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isCancelledByCondition(error)) return false;
        throw error;
      }
    },
    async get(mailboxId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: accountKey(mailboxId), ConsistentRead: true }));
      return mailboxOf(Item);
    },
    async discard(mailbox) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: table,
                  Key: accountKey(mailbox.memberId),
                  ConditionExpression: '#state = :pending',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: { ':pending': 'pending' },
                },
              },
              {
                Delete: {
                  TableName: table,
                  Key: addressKey(mailbox.address),
                  ConditionExpression: 'memberId = :me',
                  ExpressionAttributeValues: { ':me': mailbox.memberId },
                },
              },
            ],
          }),
        );
      } catch (error) {
        // Already discarded, or moved on meanwhile: nothing of ours to take back.
        if (!isCancelledByCondition(error)) throw error;
      }
    },
    async list(institutionCode, limit, cursor) {
      const page = await institutionIndexPage(db, table, { institutionCode, prefix: 'INSTMAILBOX#' }, limit, cursor);
      return { items: page.items.flatMap((i) => mailboxOf(i) ?? []), nextCursor: page.nextCursor };
    },
  };
}
