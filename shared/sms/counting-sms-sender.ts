import type { Clock } from '../clock';
import type { DeliveryCounter } from '../reports/delivery-stats';
import { SmsRejectedError, type SmsSender } from './send-sms';

/**
 * Counts every SMS the inner sender sends (`smsSent`) or SNS refuses for the number
 * (`smsFailed`), deployment-wide: the sender does not know the member's institution.
 * Throttling and outages are neither: the caller retries them.
 */
export function countingSmsSender(inner: SmsSender, count: DeliveryCounter, clock: Clock): SmsSender {
  return {
    async send(phoneNumber, text) {
      try {
        const id = await inner.send(phoneNumber, text);
        await count(null, { smsSent: 1 }, clock.now());
        return id;
      } catch (error) {
        if (error instanceof SmsRejectedError) await count(null, { smsFailed: 1 }, clock.now());
        throw error;
      }
    },
  };
}
