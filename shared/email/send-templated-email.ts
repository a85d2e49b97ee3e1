import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { KEY_TAG, MEMBER_TAG } from '../delivery/ses-events';
import { templateName } from '../i18n/email-templates';
import { logger } from '../logger';
import type { EmailMessage } from './email-message';

/** SES answers that will not change on a retry: the message is dropped, not redelivered. */
const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException', 'MailFromDomainNotVerifiedException']);

export type SendOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'rejected'; reason: string };

export interface EmailSender {
  client: SESv2Client;
  from: string;
  templatePrefix: string;
  /** The configuration set whose event destination publishes bounces and complaints (unset: no events). */
  configurationSet?: string;
}

/** SES tag values allow letters, digits, `_` and `-` only (≤ 256): `notice#m-1#1` → `notice_m-1_1`. */
export const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

/**
 * Sends one templated email. Throttling and outages throw (the queue redelivers and, after
 * its max receive count, dead-letters); permanent rejections resolve as `rejected`. The member
 * id and business key travel as tags, so SES bounce and complaint events name their member.
 */
export async function sendTemplatedEmail(sender: EmailSender, message: EmailMessage): Promise<SendOutcome> {
  try {
    const result = await sender.client.send(
      new SendEmailCommand({
        FromEmailAddress: sender.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Template: {
            TemplateName: templateName(sender.templatePrefix, message.template, message.locale),
            TemplateData: JSON.stringify(message.data),
          },
        },
        ...(sender.configurationSet && { ConfigurationSetName: sender.configurationSet }),
        EmailTags: [
          { Name: KEY_TAG, Value: tagValue(message.key) },
          ...(message.memberId ? [{ Name: MEMBER_TAG, Value: message.memberId }] : []),
        ],
      }),
    );
    return { outcome: 'sent', messageId: result.MessageId ?? 'unknown' };
  } catch (error) {
    const name = (error as Error).name;
    if (!PERMANENT.has(name)) throw error;
    logger.warn('email rejected permanently', { key: message.key, template: message.template, reason: name });
    return { outcome: 'rejected', reason: name };
  }
}
