import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { patiently } from './outage';

/**
 * Powertools' DynamoDB idempotency store whose "completed" write waits out a short outage
 * (`patiently`). That write comes after the email went out: given up on at once (DynamoDB
 * restarting), the record would stay INPROGRESS, expire, and the message's next delivery would
 * send the email a second time. The other writes happen before anything is sent and fail fast.
 */
export class PatientPersistenceLayer extends DynamoDBPersistenceLayer {
  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    await patiently(() => super._updateRecord(record));
  }
}
