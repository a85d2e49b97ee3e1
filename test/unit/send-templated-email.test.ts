import { MessageRejected, SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../shared/email/email-message';
import { sendTemplatedEmail } from '../../shared/email/send-templated-email';

const ses = mockClient(SESv2Client);
const sender = { client: new SESv2Client({ region: 'eu-south-1' }), from: 'noreply@meb.k12.tr', templatePrefix: 'posta-tr-meb' };
const message: EmailMessage = { key: 'k1', template: 'password-changed', locale: 'tr', to: 'a@example.org', data: { givenName: 'Ayşe' } };

describe('sendTemplatedEmail', () => {
  beforeEach(() => ses.reset());

  it('sends the template of the member’s locale', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    expect(await sendTemplatedEmail(sender, message)).toEqual({ outcome: 'sent', messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Template?.TemplateName).toBe('posta-tr-meb-password-changed-tr');
    expect(JSON.parse(input?.Content?.Template?.TemplateData ?? '{}')).toEqual({ givenName: 'Ayşe' });
  });

  it('names the configuration set and tags the member and the business key, so SES events find the member', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await sendTemplatedEmail({ ...sender, configurationSet: 'posta-events' }, { ...message, key: 'notice#m-7f#1', memberId: 'm-7f' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('posta-events');
    // SES tag values allow letters, digits, _ and - only.
    expect(input?.EmailTags).toEqual([
      { Name: 'businessKey', Value: 'notice_m-7f_1' },
      { Name: 'memberId', Value: 'm-7f' },
    ]);
  });

  it('sends without a configuration set when none is configured (the local emulator)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    await sendTemplatedEmail(sender, message);
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBeUndefined();
    expect(input?.EmailTags).toEqual([{ Name: 'businessKey', Value: 'k1' }]);
  });

  it('throws on throttling so the queue redelivers', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    await expect(sendTemplatedEmail(sender, message)).rejects.toBeInstanceOf(TooManyRequestsException);
  });

  it('resolves a permanent rejection as rejected instead of retrying it forever', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'address on suppression list', $metadata: {} }));
    expect(await sendTemplatedEmail(sender, message)).toEqual({ outcome: 'rejected', reason: 'MessageRejected' });
  });
});
