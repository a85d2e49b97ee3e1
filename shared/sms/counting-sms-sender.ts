import type { Clock } from '../clock';
import type { DeliveryCounter } from '../reports/delivery-stats';
import { SmsRejectedError, type SmsSender } from './send-sms';

/**
 * Counts every SMS the inner sender sends (`smsSent`) or SNS refuses for the number
 * (`smsFailed`), for the deployment and the institution the caller names. Throttling and
 * outages are neither: the caller retries them.
 */
export function countingSmsSender(inner: SmsSender, count: DeliveryCounter, clock: Clock): SmsSender {
  return {
    async send(phoneNumber, text, institutionCode) {
      try {
        const id = await inner.send(phoneNumber, text, institutionCode);
        await count(institutionCode, { smsSent: 1 }, clock.now());
        return id;
      } catch (error) {
        if (error instanceof SmsRejectedError) await count(institutionCode, { smsFailed: 1 }, clock.now());
        throw error;
      }
    },
  };
}
