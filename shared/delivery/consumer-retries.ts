import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { QUEUES, type QueueId } from '../catalog';
import type { Clock } from '../clock';
import { countDeadLetter, type DeadLetterLedger } from './dead-letters';
import { backoffPolicy, withOutageBackoff } from './outage';

export interface ConsumerRetryDeps {
  sqs: SQSClient;
  /** The consumer's own queue (its visibility changes are made there). */
  queueUrl: string;
  ledger: DeadLetterLedger;
  clock: Clock;
  /** Queue-specific bookkeeping when a record dead-letters (an import chunk shows it on its job). */
  onDeadLetter?: (record: SQSRecord, error: unknown) => Promise<void>;
}

/**
 * Every consumer's record handler goes through this: outages back off and keep the message,
 * bad messages dead-letter at once, and a record that dead-letters is counted in the ledger
 * (the second time is alarmed and holds the automatic redrive). The receive limit is the catalog's.
 */
export function withConsumerRetries<T>(queue: QueueId, handler: (record: SQSRecord) => Promise<T>, deps: ConsumerRetryDeps) {
  const count = countDeadLetter(queue, deps.ledger, deps.clock);
  return withOutageBackoff(handler, {
    sqs: deps.sqs,
    queueUrl: deps.queueUrl,
    maxReceiveCount: QUEUES[queue].maxReceiveCount,
    policy: backoffPolicy(),
    async onDeadLetter(record, error) {
      try {
        await deps.onDeadLetter?.(record, error);
      } finally {
        await count(record);
      }
    },
  });
}
