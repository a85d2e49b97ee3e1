import type { EmailTemplateName } from '../catalog';
import { LOCALES, type Locale } from '../profiles';

export interface EmailTemplateContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * Email templates in every locale. Placeholders use SES's Handlebars syntax and are filled at
 * send time; never put a secret (password, code) into template data.
 */
const CONTENT: Record<EmailTemplateName, Record<Locale, { subject: string; body: string[] }>> = {
  'password-changed': {
    it: {
      subject: 'La password della tua casella {{login}} è stata cambiata',
      body: [
        'Gentile {{givenName}},',
        'la password della casella {{login}} è stata cambiata il {{changedAt}}.',
        'Se non sei stato tu, contatta subito l’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
      ],
    },
    ru: {
      subject: 'Пароль ящика {{login}} изменён',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Пароль почтового ящика {{login}} был изменён {{changedAt}}.',
        'Если это были не вы, срочно обратитесь в поддержку: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
      ],
    },
    tr: {
      subject: '{{login}} hesabınızın parolası değiştirildi',
      body: [
        'Sayın {{givenName}},',
        '{{login}} e-posta hesabınızın parolası {{changedAt}} tarihinde değiştirildi.',
        'Bu işlemi siz yapmadıysanız hemen destek ile iletişime geçin: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
      ],
    },
    en: {
      subject: 'The password of your mailbox {{login}} was changed',
      body: [
        'Dear {{givenName}},',
        'the password of the mailbox {{login}} was changed on {{changedAt}}.',
        'If this was not you, contact the helpdesk now: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
      ],
    },
  },
};

/** The SES template name for a template in a locale: `<prefix>-<name>-<locale>`. */
export function templateName(prefix: string, name: EmailTemplateName, locale: Locale): string {
  return `${prefix}-${name}-${locale}`;
}

export interface RenderedTemplate extends EmailTemplateContent {
  name: EmailTemplateName;
  locale: Locale;
}

/** Every template in every locale, as SES wants them (subject, text part, HTML part). */
export function allEmailTemplates(): RenderedTemplate[] {
  return (Object.keys(CONTENT) as EmailTemplateName[]).flatMap((name) =>
    LOCALES.map((locale) => {
      const { subject, body } = CONTENT[name][locale];
      return {
        name,
        locale,
        subject,
        text: body.join('\n\n'),
        html: body.map((p) => `<p>${p}</p>`).join('\n'),
      };
    }),
  );
}
