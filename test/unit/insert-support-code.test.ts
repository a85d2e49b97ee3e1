import { describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../shared/email/email-message';
import { SUPPORT_CODE_TEMPLATES, withSupportCode } from '../../shared/email/insert-support-code';
import { allEmailTemplates } from '../../shared/i18n/email-templates';
import { supportCodeFor } from '../../shared/identity/support-code';

const KEY = 'support-code-key-for-unit-tests-0123456789';
const message = (template: EmailMessage['template'], data: EmailMessage['data'] = {}): EmailMessage => ({
  key: `k#${template}`,
  template,
  locale: 'it',
  to: 'mario.rossi@istruzione.it',
  memberId: 'm-1',
  data: { givenName: 'Mario', ...data },
});

describe('the support code, inserted by the email consumer at send time', () => {
  it('is the member’s derived code, in exactly the templates that quote it', () => {
    const quoting = new Set(
      allEmailTemplates()
        .filter((t) => `${t.text}${t.html}${t.subject}`.includes('{{supportCode}}'))
        .map((t) => t.name),
    );
    expect(quoting).toEqual(new Set(SUPPORT_CODE_TEMPLATES));
    for (const template of SUPPORT_CODE_TEMPLATES) {
      expect(withSupportCode(message(template), KEY).data).toEqual({ givenName: 'Mario', supportCode: supportCodeFor('m-1', KEY) });
    }
  });

  it('never passes on a code a producer put in the data, and adds none without a member or a template that quotes it', () => {
    expect(withSupportCode(message('migration-notice', { supportCode: 'AAAA-AAAA' }), KEY).data.supportCode).toBe(
      supportCodeFor('m-1', KEY),
    );
    const noMember = { ...message('migration-notice', { supportCode: 'AAAA-AAAA' }), memberId: undefined };
    expect(withSupportCode(noMember, KEY).data).toEqual({ givenName: 'Mario' });
    expect(withSupportCode(message('password-changed', { supportCode: 'AAAA-AAAA' }), KEY).data).toEqual({ givenName: 'Mario' });
  });
});
