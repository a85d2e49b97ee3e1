import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { localClients } from '../helpers/local-clients';

const { runtime } = inject('stack');

describe('SMS sink (SNS Publish)', () => {
  it('keeps a text published with the real SNS client, newest first, with its sender ID', async () => {
    const { sns } = localClients(runtime);
    const phone = '+393471234567';
    await sns.send(new PublishCommand({ PhoneNumber: phone, Message: 'first' }));
    const sent = await sns.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: 'second',
        MessageAttributes: { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'MIM' } },
      }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const list = (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
    expect(list.map((m) => m.message).slice(0, 2)).toEqual(['second', 'first']);
    expect(list[0]?.senderId).toBe('MIM');
    const page = await (await fetch(runtime.urls.smsOutbox)).text();
    expect(page).toContain('SMS outbox');
  });

  it('refuses a phone number that is not E.164, as SNS does', async () => {
    const { sns } = localClients(runtime);
    await expect(sns.send(new PublishCommand({ PhoneNumber: '3471234567', Message: 'x' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
