import { dynamo } from '../clients/dynamodb';
import { sns } from '../clients/sns';
import { systemClock } from '../clock';
import { profile } from '../config/profile';
import { dynamoDeliveryCounter } from '../reports/delivery-stats';
import { countingSmsSender } from './counting-sms-sender';
import { type SmsSender, snsSmsSender } from './send-sms';

/**
 * The SMS sender every function uses: SNS with the profile's sender ID, counted in the delivery
 * statistics (`directoryTable`), so the reports see every SMS whichever path sent it.
 */
export function countedSmsSender(directoryTable: string): SmsSender {
  return countingSmsSender(snsSmsSender(sns, profile.smsSenderId), dynamoDeliveryCounter(dynamo, directoryTable), systemClock);
}
