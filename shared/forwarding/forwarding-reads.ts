import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../clients/dynamo-helpers';

/** A lot as the forwarding export needs it: where it sits in the lot index, and whether it started. */
export interface StartedLot {
  lotId: string;
  /** The lot's `gsi1sk` (`<launchAt>#<lotId>`): the export's position between pages. */
  key: string;
}

/** Read-only access paths of the forwarding routes (the member and lot stores stay untouched). */
export interface ForwardingReads {
  /** The member an `ADDRESS#<address>` reservation points at, or null. */
  memberAtAddress(address: string): Promise<string | null>;
  /** Launching or launched lots by launch time, from index key `fromKey` (inclusive) on. */
  startedLots(fromKey: string | null): Promise<StartedLot[]>;
}

export function dynamoForwardingReads(db: DynamoDBDocumentClient, table: string): ForwardingReads {
  return {
    async memberAtAddress(address) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `ADDRESS#${address}`, sk: 'ADDRESS' }, ProjectionExpression: 'memberId' }),
      );
      return (Item?.memberId as string | undefined) ?? null;
    },
    async startedLots(fromKey) {
      // The lot index (gsi1 `LOTS`) projected to three small attributes: lot items carry their
      // selection (up to 5,000 member ids), which the export must not read on every page. A
      // ministry has hundreds of lots, not millions, so reading them from the cursor on is cheap.
      // State, not launch time, says whether a lot started (a lot is launched "as of" its time).
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: fromKey ? 'gsi1pk = :p AND gsi1sk >= :from' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'LOTS', ...(fromKey && { ':from': fromKey }) },
        ProjectionExpression: 'lotId, #state, gsi1sk',
        ExpressionAttributeNames: { '#state': 'state' },
      });
      return items
        .filter((i) => i.state === 'launching' || i.state === 'launched')
        .map((i) => ({ lotId: i.lotId as string, key: i.gsi1sk as string }));
    },
  };
}
