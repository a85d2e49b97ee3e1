import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sesv2 } from '../../shared/clients/sesv2';
import { sns as snsSingleton } from '../../shared/clients/sns';
import { SmsRejectedError, snsSmsSender } from '../../shared/sms/send-sms';

const sns = mockClient(SNSClient);
const sender = snsSmsSender(new SNSClient({ region: 'eu-south-1' }), 'MIUR');
const snsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

describe('snsSmsSender', () => {
  beforeEach(() => sns.reset());

  it('a number SNS refuses (invalid, opted out) is a rejection, not something to retry', async () => {
    sns
      .on(PublishCommand)
      .rejects(snsError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: +39000 is not valid to publish to'));
    await expect(sender.send('+39000', 'x')).rejects.toEqual(new SmsRejectedError('InvalidParameterException'));
    sns.on(PublishCommand).rejects(snsError('OptedOutException', 'opted out'));
    await expect(sender.send('+393471234567', 'x')).rejects.toBeInstanceOf(SmsRejectedError);
  });

  it('throttling and a bad parameter of ours are not the member’s fault: they throw as they are', async () => {
    sns.on(PublishCommand).rejects(snsError('ThrottledException', 'Rate exceeded'));
    await expect(sender.send('+393471234567', 'x')).rejects.toMatchObject({ name: 'ThrottledException' });
    sns.on(PublishCommand).rejects(snsError('InvalidParameterException', 'Invalid parameter: MessageAttributes'));
    await expect(sender.send('+393471234567', 'x')).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('SES and SNS clients', () => {
  it('retry throttling with exponential back-off and jitter, without a client-side rate limiter', async () => {
    for (const client of [sesv2, snsSingleton]) {
      const mode = client.config.retryMode;
      expect(typeof mode === 'function' ? await mode() : mode).toBe('standard');
      expect(await client.config.maxAttempts()).toBe(3);
    }
  });
});
