import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export interface SmsSender {
  /** Sends one transactional SMS; the text is never logged (it may hold a password or a code). */
  send(phoneNumber: string, text: string): Promise<string>;
}

/** SNS direct-to-phone publishing with the profile's alphanumeric sender ID. */
export function snsSmsSender(sns: SNSClient, senderId: string): SmsSender {
  return {
    async send(phoneNumber, text) {
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
    },
  };
}
