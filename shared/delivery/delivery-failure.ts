import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { writeTogether } from '../clients/dynamo-helpers';
import { type Clock, systemClock } from '../clock';
import { logger } from '../logger';
import type { Member } from '../members/member';
import { dynamoPhoneUpdateStore } from '../phone-updates/phone-update-store';
import { listRefusedNumber } from '../phone-updates/phone-update-use-cases';
import { progressUpdates } from '../progress/progress-counters';
import { type DeliveryDelta, deliveryStatsUpdates } from '../reports/delivery-stats';

/**
 * Why nothing more reaches a member automatically: a hard bounce or a spam complaint (SES
 * events), an email SES refused outright, or an SMS SNS refused (invalid or opted-out number).
 */
export type DeliveryFailureKind = 'bounce' | 'complaint' | 'email-rejected' | 'sms-rejected';

/** Stored on the member. Never an address or a phone number: the member item already has those. */
export interface DeliveryFailure {
  kind: DeliveryFailureKind;
  /** SES bounce subtype / complaint feedback type, or the rejecting error's name. */
  subType: string;
  at: string;
}

export type RecordOutcome = 'recorded' | 'already-recorded' | 'unknown-member';

export interface DeliveryFailureStore {
  /**
   * Records the member's first delivery failure, counts it once as `bounced` on the member's lot
   * and institution and in the delivery statistics (same transaction), and removes the member from the reminder (`due`) index.
   * A later failure of the same member changes nothing, so redelivered events count once.
   */
  record(memberId: string, failure: DeliveryFailure): Promise<RecordOutcome>;
}

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });

/**
 * The delivery statistic a recorded failure adds to (month of recording). SMS rejections are
 * counted where every SMS is sent (`countingSmsSender`), so not again here.
 */
const STATS_OF: Record<DeliveryFailureKind, DeliveryDelta> = {
  bounce: { emailsBounced: 1 },
  complaint: { emailsComplained: 1 },
  'email-rejected': { emailsRejected: 1 },
  'sms-rejected': {},
};

/** Small, own write path on the member item (`MEMBER#<id>`/`MEMBER`) so the member store stays untouched. */
export function dynamoDeliveryFailureStore(db: DynamoDBDocumentClient, table: string, clock: Clock = systemClock): DeliveryFailureStore {
  const phoneUpdates = dynamoPhoneUpdateStore(db, table);
  return {
    async record(memberId, failure) {
      // A number SNS refuses puts the member on their institution's phone-update list (issue
      // #17), whatever failure was recorded first: the school admin then asks them to update HR.
      if (failure.kind === 'sms-rejected') {
        const { Item } = await db.send(new GetCommand({ TableName: table, Key: memberKey(memberId), ConsistentRead: true }));
        if (Item) await listRefusedNumber(Item as Member, { phoneUpdates, clock });
      }
      // The counters follow the lot and institution read here; the write re-checks both, so a
      // member moved in between is read again instead of being counted in the wrong place.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { Item } = await db.send(
          new GetCommand({
            TableName: table,
            Key: memberKey(memberId),
            ConsistentRead: true,
            ProjectionExpression: 'lotId, institutionCode, deliveryFailure',
          }),
        );
        if (!Item) return 'unknown-member';
        if (Item.deliveryFailure) return 'already-recorded';
        const lotId = (Item.lotId as string | undefined) ?? null;
        const institutionCode = (Item.institutionCode as string | undefined) ?? null;
        const written = await writeTogether(
          db,
          {
            Update: {
              TableName: table,
              Key: memberKey(memberId),
              UpdateExpression: 'SET deliveryFailure = :f REMOVE duePk, dueSk',
              ConditionExpression: [
                'attribute_exists(pk)',
                'attribute_not_exists(deliveryFailure)',
                lotId ? 'lotId = :lot' : 'attribute_not_exists(lotId)',
                institutionCode ? 'institutionCode = :inst' : 'attribute_not_exists(institutionCode)',
              ].join(' AND '),
              ExpressionAttributeValues: {
                ':f': failure,
                ...(lotId && { ':lot': lotId }),
                ...(institutionCode && { ':inst': institutionCode }),
              },
            },
          },
          [
            ...progressUpdates(table, { lotId, institutionCode }, { bounced: 1 }),
            ...deliveryStatsUpdates(table, institutionCode, STATS_OF[failure.kind], clock.now()),
          ],
        );
        if (written) return 'recorded';
      }
      // The message is retried: by then the member has settled.
      throw new Error(`delivery failure of ${memberId} not recorded: the member kept changing`);
    },
  };
}

/** Records and logs (member id, kind and subtype only: no address, no phone). */
export async function recordDeliveryFailure(
  store: DeliveryFailureStore,
  memberId: string,
  failure: DeliveryFailure,
): Promise<RecordOutcome> {
  const outcome = await store.record(memberId, failure);
  logger.info('delivery failure', { memberId, kind: failure.kind, subType: failure.subType, outcome });
  return outcome;
}
