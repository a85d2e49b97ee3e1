import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export interface SmsSender {
  /**
   * Sends one transactional SMS; the text is never logged (it may hold a password or a code).
   * Throws `SmsRejectedError` when SNS refuses the number itself; throttling and outages throw as they are.
   * `institutionCode` says whose SMS it is, for the delivery report (it is counted deployment-wide too).
   */
  send(phoneNumber: string, text: string, institutionCode?: string | null): Promise<string>;
}

/** SNS refused the phone number (invalid, or opted out): retrying cannot help. */
export class SmsRejectedError extends Error {
  override readonly name = 'SmsRejectedError';
  constructor(readonly reason: string) {
    super(`SMS rejected: ${reason}`);
  }
}

/**
 * SNS answers about the destination that a retry will not change. `InvalidParameter*` counts only
 * when it is about the phone number: the same error about our own parameters (sender ID,
 * attributes) is a bug to fix, not a member to flag.
 */
export function smsRejection(error: unknown): string | null {
  const { name, message } = error as Error;
  if (name === 'OptedOutException') return name;
  if (
    (name === 'InvalidParameterException' || name === 'InvalidParameterValueException') &&
    /phone ?number|opted out/i.test(message ?? '')
  ) {
    return name;
  }
  return null;
}

/** SNS direct-to-phone publishing with the profile's alphanumeric sender ID. */
export function snsSmsSender(sns: SNSClient, senderId: string): SmsSender {
  return {
    async send(phoneNumber, text) {
      try {
        const out = await sns.send(
          new PublishCommand({
            PhoneNumber: phoneNumber,
            Message: text,
            MessageAttributes: {
              'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId },
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            },
          }),
        );
        return out.MessageId ?? 'unknown';
      } catch (error) {
        const reason = smsRejection(error);
        if (reason) throw new SmsRejectedError(reason);
        throw error;
      }
    },
  };
}
