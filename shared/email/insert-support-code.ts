import { supportCodeFor } from '../identity/support-code';
import type { EmailMessage } from './email-message';

/** The templates that quote the member's helpdesk support code (`{{supportCode}}`). */
export const SUPPORT_CODE_TEMPLATES: ReadonlySet<EmailMessage['template']> = new Set(['migration-notice', 'migration-reminder']);

/**
 * The support code is derived here, by the email consumer, just before the send: it is never in
 * a queue message (nor in its dead-letter queue), a table, a log or the audit trail — only a keyed
 * hash is stored, by provisioning. Derived from the member id, so every email carries the same
 * code. A `supportCode` a producer put in the data is replaced, never sent on.
 */
export function withSupportCode(message: EmailMessage, supportCodeKey: string): EmailMessage {
  const { supportCode: _ignored, ...data } = message.data;
  if (!SUPPORT_CODE_TEMPLATES.has(message.template) || !message.memberId) return { ...message, data };
  return { ...message, data: { ...data, supportCode: supportCodeFor(message.memberId, supportCodeKey) } };
}
