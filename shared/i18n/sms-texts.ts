import type { Locale } from '../profiles';
import { counted } from './plural';
import { smsSegments } from './sms-segments';

/**
 * SMS texts in every locale.
 *
 * Budget: a text that carries a secret (password, code) must go out as ONE SMS part, so it
 * cannot arrive cut in two or out of order. Italian and English texts use only GSM-7
 * characters (no typographic apostrophes or dashes, no `È`), so they get 160 septets; Russian
 * and Turkish are UCS-2 (Cyrillic; ı ş ğ İ), so they get 70 characters. Texts without a secret
 * are kept to one part too, except the activation invitation of a member with no email address,
 * which is the whole invitation and may take two (`maxSmsParts`).
 * `test/unit/i18n-sms-texts.test.ts` checks every kind × locale with worst-case values.
 *
 * The secret always comes last, after `: `, so no punctuation of ours can be mistaken for part
 * of it, and it is never shortened. `temporary-password` names the login when it fits; when a
 * long login would make the text two parts (in practice ru/tr with logins over ~30 characters)
 * the login is left out — the member finds it in the notice email — rather than the text
 * being split.
 */
export interface SmsValues {
  'temporary-password': { login: string; password: string };
  'activation-code': { code: string };
  /**
   * `url`: where to activate (the profile's activation URL); `idName`: the national ID's name in
   * the member's language; `withEmail`: an invitation email went too. Without one, the SMS carries
   * everything the member needs (where, with what, what happens next) and may take two parts.
   */
  'activation-notice': { days: number; url: string; idName: string; withEmail: boolean };
  /** The activation window closed: the school reopens it. */
  'activation-window-closed': Record<string, never>;
  'expiry-warning': { daysLeft: number };
  'password-expired': Record<string, never>;
  'temporary-password-expired': Record<string, never>;
  'reset-password': { password: string };
  /** A late request the school approved: the mailbox comes with the next launch. */
  'late-request-approved': { login: string };
  'late-request-rejected': Record<string, never>;
  /** To an institution mailbox's responsible person (shared/institution-mailboxes). */
  'mailbox-password': { login: string; password: string };
  'mailbox-expiry-warning': { login: string; daysLeft: number };
  'mailbox-closed': { login: string };
  'mailbox-responsible': { login: string };
  'alternate-email-changed': { helpdeskPhone: string };
  'already-member': { login: string; helpdeskPhone: string };
  'contact-changed': { helpdeskPhone: string };
}

export type SmsKind = keyof SmsValues;

export const SMS_KINDS = [
  'temporary-password',
  'activation-code',
  'activation-notice',
  'activation-window-closed',
  'expiry-warning',
  'password-expired',
  'temporary-password-expired',
  'reset-password',
  'late-request-approved',
  'late-request-rejected',
  'mailbox-password',
  'mailbox-expiry-warning',
  'mailbox-closed',
  'mailbox-responsible',
  'alternate-email-changed',
  'already-member',
  'contact-changed',
] as const satisfies readonly SmsKind[];

/** Kinds whose text carries a secret and therefore must stay a single SMS part. */
export const SECRET_SMS_KINDS = [
  'temporary-password',
  'activation-code',
  'reset-password',
  'mailbox-password',
] as const satisfies readonly SmsKind[];

/**
 * SMS parts a text may take: one, except an activation invitation to a member without an email
 * address, which is the whole invitation (where, with what, what comes next) and may take two.
 */
export function maxSmsParts<K extends SmsKind>(kind: K, values: SmsValues[K]): number {
  return kind === 'activation-notice' && !(values as SmsValues['activation-notice']).withEmail ? 2 : 1;
}

/**
 * "N days" with the noun in the CLDR plural form of the locale (`Intl.PluralRules`). Russian also
 * declines by case: after «через»/«за» the accusative (1 день, 2 дня, 5 дней, 21 день), after
 * «в течение» the genitive (1 дня, 2 дней, 21 дня); Turkish keeps the noun singular after a number.
 */
function days(n: number, locale: Locale, ruCase: 'accusative' | 'genitive' = 'accusative'): string {
  switch (locale) {
    case 'it':
      return counted(locale, n, { one: 'giorno', other: 'giorni' });
    case 'en':
      return counted(locale, n, { one: 'day', other: 'days' });
    case 'tr':
      return counted(locale, n, { other: 'gün' });
    case 'ru':
      return ruCase === 'genitive'
        ? counted(locale, n, { one: 'дня', few: 'дней', many: 'дней', other: 'дня' })
        : counted(locale, n, { one: 'день', few: 'дня', many: 'дней', other: 'дня' });
  }
}

/** Candidate texts, most informative first; the first that fits one SMS part is sent. */
type Variants<K extends SmsKind> = (locale: Locale, values: SmsValues[K]) => string[];

const TEXTS: { [K in SmsKind]: Variants<K> } = {
  'temporary-password': (locale, { login, password }) =>
    ({
      it: [
        `Posta istituzionale ${login}\nPassword temporanea (da cambiare al primo accesso): ${password}`,
        `Posta istituzionale\nPassword temporanea (da cambiare al primo accesso): ${password}`,
      ],
      en: [
        `Mailbox ${login}\nTemporary password (change it at first sign-in): ${password}`,
        `Your mailbox\nTemporary password (change it at first sign-in): ${password}`,
      ],
      ru: [`Логин: ${login}\nВременный пароль: ${password}`, `Временный пароль почты. Смените при первом входе: ${password}`],
      tr: [`Hesap: ${login}\nGeçici parola: ${password}`, `E-posta geçici parolanız (ilk girişte değiştirin): ${password}`],
    })[locale],
  'activation-code': (locale, { code }) =>
    ({
      it: [`Non comunichi a nessuno questo codice. Codice di attivazione della posta istituzionale: ${code}`],
      en: [`Do not share this code with anyone. Your mailbox activation code: ${code}`],
      ru: [`Никому не сообщайте этот код. Код активации почты: ${code}`],
      tr: [`Bu kodu kimseyle paylaşmayın. E-posta etkinleştirme kodu: ${code}`],
    })[locale],
  // The URL comes last (never followed by punctuation a phone could take into the link).
  'activation-notice': (locale, { days: n, url, idName, withEmail }) =>
    withEmail
      ? {
          it: [
            `La Sua casella di posta istituzionale è pronta. Istruzioni nella email ricevuta. La attivi entro ${days(n, locale)} su ${url}`,
            `Attivi la Sua posta istituzionale entro ${days(n, locale)} su ${url}`,
          ],
          en: [
            `Your institutional mailbox is ready. The instructions are in the email we sent. Activate it within ${days(n, locale)} at ${url}`,
            `Activate your institutional mailbox within ${days(n, locale)} at ${url}`,
          ],
          ru: [`Инструкция в письме. Активируйте почту за ${days(n, locale)}: ${url}`, `Активируйте почту за ${days(n, locale)}: ${url}`],
          tr: [
            `Ayrıntılar e-postada. E-posta hesabınızı ${days(n, locale)} içinde etkinleştirin: ${url}`,
            `E-posta hesabınızı ${days(n, locale)} içinde etkinleştirin: ${url}`,
            `Hesabınızı ${days(n, locale)} içinde etkinleştirin: ${url}`,
            `${days(n, locale)} içinde etkinleştirin: ${url}`,
          ],
        }[locale]
      : {
          it: [
            `La Sua casella di posta istituzionale è pronta. La attivi entro ${days(n, locale)} con il Suo ${idName} e questo numero di cellulare: riceverà un codice via SMS e poi la password. Pagina di attivazione: ${url}`,
          ],
          en: [
            `Your institutional mailbox is ready. Activate it within ${days(n, locale)} with your ${idName} and this mobile number: you will get a code by SMS, then your password. Activation page: ${url}`,
          ],
          ru: [
            `Служебная почта готова. Активируйте её за ${days(n, locale)}: нужны ${idName} и этот номер, код и пароль придут в SMS. Ссылка: ${url}`,
            `Активируйте почту за ${days(n, locale)}: нужны ${idName} и этот номер, код придёт в SMS. ${url}`,
          ],
          tr: [
            `E-posta hesabınız hazır. ${days(n, locale)} içinde ${idName} ve bu telefon numarası ile etkinleştirin; kod ve parola SMS ile gelir: ${url}`,
            `Hesabınızı ${days(n, locale)} içinde ${idName} ve bu numara ile etkinleştirin: ${url}`,
          ],
        }[locale],
  'activation-window-closed': (locale) =>
    ({
      it: [`Il termine per attivare la Sua posta istituzionale è scaduto. Per riaprirlo si rivolga alla Sua scuola.`],
      en: [`The time to activate your institutional mailbox has run out. Ask your school to reopen it.`],
      ru: [`Срок активации почты истёк. Чтобы продлить его, обратитесь в школу.`],
      tr: [`Etkinleştirme süresi doldu. Yeniden açılması için okulunuza başvurun.`],
    })[locale],
  'expiry-warning': (locale, { daysLeft }) =>
    ({
      it: [
        `La password della Sua posta istituzionale scade tra ${days(daysLeft, locale)}. La cambi prima della scadenza per evitare la chiusura dell'account.`,
      ],
      en: [
        `Your institutional mailbox password expires in ${days(daysLeft, locale)}. Change it before then to avoid the account being closed.`,
      ],
      ru: [`Пароль служебной почты истекает через ${days(daysLeft, locale)}. Смените его заранее.`],
      tr: [`E-posta parolanızın süresi ${days(daysLeft, locale)} sonra doluyor. Lütfen değiştirin.`],
    })[locale],
  'password-expired': (locale) =>
    ({
      it: [
        `La Sua casella di posta istituzionale è stata chiusa perché la password è scaduta. Per riaprirla si rivolga al referente della Sua istituzione.`,
      ],
      en: [`Your institutional mailbox has been closed because its password expired. To reopen it, contact your institution's officer.`],
      ru: [`Почта закрыта: истёк срок действия пароля. Обратитесь в организацию.`],
      tr: [`Parola süresi doldu, hesabınız kapatıldı. Kurum yetkilinize başvurun.`],
    })[locale],
  // No secret here: the member is told who re-issues a temporary password (school admin, support).
  'temporary-password-expired': (locale) =>
    ({
      it: [
        `La password temporanea della Sua posta istituzionale non è stata cambiata in tempo: account disabilitato. Ne chieda una nuova alla scuola o all'assistenza.`,
      ],
      en: [
        `Your mailbox was disabled: its temporary password was not changed in time. Ask your school administrator or the helpdesk for a new one.`,
      ],
      ru: [`Почта отключена: временный пароль не сменён. Новый выдаст директор.`],
      tr: [`Geçici parola değişmedi, hesap kapatıldı. Okul yöneticinize başvurun.`],
    })[locale],
  'reset-password': (locale, { password }) =>
    ({
      it: [
        `La password della Sua posta istituzionale è stata reimpostata. Nuova password temporanea (da cambiare al primo accesso): ${password}`,
      ],
      en: [`Your mailbox password has been reset. New temporary password (change it at first sign-in): ${password}`],
      ru: [`Пароль почты сброшен. Новый временный пароль: ${password}`],
      tr: [`E-posta parolanız sıfırlandı. Yeni geçici parolanız: ${password}`],
    })[locale],
  'late-request-approved': (locale, { login }) =>
    ({
      it: [
        `La Sua richiesta di casella istituzionale è stata approvata. Le credenziali Le arriveranno via SMS. Il Suo indirizzo: ${login}`,
        `La Sua richiesta di casella istituzionale è stata approvata. Le credenziali Le arriveranno via SMS.`,
      ],
      en: [
        `Your request for an institutional mailbox was approved. Your access details will come by SMS. Your address: ${login}`,
        `Your request for an institutional mailbox was approved. Your access details will come by SMS.`,
      ],
      ru: [
        `Заявка на почту одобрена, вход придёт в SMS. Адрес: ${login}`,
        `Заявка на служебную почту одобрена. Данные для входа придут в SMS.`,
      ],
      tr: [
        `Talebiniz onaylandı, giriş bilgisi SMS ile gelecek. Adres: ${login}`,
        `E-posta talebiniz onaylandı. Giriş bilgileri SMS ile gelecek.`,
      ],
    })[locale],
  'late-request-rejected': (locale) =>
    ({
      it: [`La Sua richiesta di casella di posta istituzionale non è stata approvata. Per informazioni si rivolga alla Sua scuola.`],
      en: [`Your request for an institutional mailbox was not approved. Please ask your school for details.`],
      ru: [`Заявка на служебную почту отклонена. Подробности уточните в школе.`],
      tr: [`E-posta talebiniz onaylanmadı. Ayrıntılar için okulunuza başvurun.`],
    })[locale],
  // Institution mailboxes: the responsible person may hold their own mailbox too, so each text
  // names the institution's one (or, when it does not fit, says it is the institution's).
  'mailbox-password': (locale, { login, password }) =>
    ({
      it: [
        `Casella istituzionale ${login}\nPassword temporanea (da cambiare al primo accesso): ${password}`,
        `Casella istituzionale di cui Lei è responsabile\nPassword temporanea (da cambiare al primo accesso): ${password}`,
      ],
      en: [
        `Institution mailbox ${login}\nTemporary password (change it at first sign-in): ${password}`,
        `Institution mailbox you are responsible for\nTemporary password (change it at first sign-in): ${password}`,
      ],
      ru: [`Ящик ${login}\nВременный пароль: ${password}`, `Служебный ящик организации. Временный пароль: ${password}`],
      tr: [`Kurum hesabı: ${login}\nGeçici parola: ${password}`, `Kurum e-postasının geçici parolası: ${password}`],
    })[locale],
  'mailbox-expiry-warning': (locale, { login, daysLeft }) =>
    ({
      it: [
        `La password della casella istituzionale ${login}, di cui Lei è responsabile, scade tra ${days(daysLeft, locale)}. La cambi prima della scadenza.`,
        `La password della casella istituzionale di cui Lei è responsabile scade tra ${days(daysLeft, locale)}. La cambi prima della scadenza.`,
      ],
      en: [
        `The password of the institution mailbox ${login} you are responsible for expires in ${days(daysLeft, locale)}. Change it before then.`,
        `The password of the institution mailbox you are responsible for expires in ${days(daysLeft, locale)}. Change it before then.`,
      ],
      ru: [
        `Пароль ящика ${login} истекает через ${days(daysLeft, locale)}.`,
        `Пароль служебного ящика организации истекает через ${days(daysLeft, locale)}.`,
      ],
      tr: [
        `${login} parolasının süresi ${days(daysLeft, locale)} sonra doluyor.`,
        `Kurum e-postasının parola süresi ${days(daysLeft, locale)} sonra doluyor.`,
      ],
    })[locale],
  'mailbox-closed': (locale, { login }) =>
    ({
      it: [
        `La casella istituzionale ${login}, di cui Lei è responsabile, è stata chiusa: password non rinnovata in tempo. Per riaprirla serve il modulo di reimpostazione firmato.`,
        `La casella istituzionale di cui Lei è responsabile è stata chiusa: password non rinnovata in tempo. Per riaprirla serve il modulo di reimpostazione firmato.`,
      ],
      en: [
        `The institution mailbox ${login} you are responsible for was closed: its password was not renewed in time. A signed reset form reopens it.`,
        `The institution mailbox you are responsible for was closed: its password was not renewed in time. A signed reset form reopens it.`,
      ],
      ru: [`Ящик ${login} закрыт: пароль не сменён вовремя.`, `Служебный ящик организации закрыт: пароль не сменён вовремя.`],
      tr: [`${login} kapatıldı: parola zamanında değişmedi.`, `Kurum e-postası kapatıldı: parola zamanında değiştirilmedi.`],
    })[locale],
  'mailbox-responsible': (locale, { login }) =>
    ({
      it: [
        `Lei è ora responsabile della casella istituzionale ${login}: le sue password arriveranno a questo numero.`,
        `Lei è ora responsabile di una casella istituzionale: le sue password arriveranno a questo numero.`,
      ],
      en: [
        `You are now responsible for the institution mailbox ${login}: its passwords will be sent to this number.`,
        `You are now responsible for an institution mailbox: its passwords will be sent to this number.`,
      ],
      ru: [`Вы отвечаете за ящик ${login}; пароли придут сюда.`, `Вы отвечаете за служебный ящик; пароли придут на этот номер.`],
      tr: [
        `Artık ${login} sorumlususunuz; parolalar buraya gelir.`,
        `Artık bir kurum e-postasının sorumlususunuz; parolalar buraya gelir.`,
      ],
    })[locale],
  // To the phone on record when the alternate email (where reset codes may go) is set or removed.
  'alternate-email-changed': (locale, { helpdeskPhone }) =>
    ({
      it: [
        `L'email alternativa della Sua posta istituzionale è stata modificata. Se non è stato Lei, chiami subito l'assistenza: ${helpdeskPhone}`,
      ],
      en: [`The alternate email of your institutional mailbox was changed. If this was not you, call the helpdesk now: ${helpdeskPhone}`],
      ru: [`Резервный email почты изменён. Не Вы? Звоните: ${helpdeskPhone}`, `Резервный email изменён. Не Вы? ${helpdeskPhone}`],
      tr: [
        `Yedek e-posta adresiniz değişti. Siz değilseniz arayın: ${helpdeskPhone}`,
        `Yedek e-posta değişti. Siz değilseniz: ${helpdeskPhone}`,
      ],
    })[locale],
  // A late request proven by someone with the details of a member: told to the phone on record
  // (never to the requester, whose answer is the same as anyone's).
  'already-member': (locale, { login, helpdeskPhone }) =>
    ({
      it: [
        `Una richiesta di casella istituzionale con i Suoi dati: risulta già registrato (${login}). Non è stato Lei? Assistenza: ${helpdeskPhone}`,
        `Una richiesta di casella istituzionale con i Suoi dati: risulta già registrato. Non è stato Lei? Assistenza: ${helpdeskPhone}`,
      ],
      en: [
        `A request for an institutional mailbox was made with your details, but you already have one (${login}). Not you? Helpdesk: ${helpdeskPhone}`,
        `A mailbox was requested with your details, but you already have one. Not you? Helpdesk: ${helpdeskPhone}`,
      ],
      ru: [`У Вас уже есть служебная почта: ${login}`, `У Вас уже есть служебная почта. Помощь: ${helpdeskPhone}`],
      tr: [`Zaten e-posta hesabınız var: ${login}`, `Zaten e-posta hesabınız var. Destek: ${helpdeskPhone}`],
    })[locale],
  // To the OLD phone when the phone or alternate email on record changes (shared/credentials/channel-change.ts).
  'contact-changed': (locale, { helpdeskPhone }) =>
    ({
      it: [
        `Il cellulare o l'email registrati per la Sua posta istituzionale sono cambiati. Non è stato Lei? Contatti subito la scuola o l'assistenza: ${helpdeskPhone}`,
      ],
      en: [
        `The phone or email on record for your institutional mailbox was changed. Not you? Call your school or the helpdesk now: ${helpdeskPhone}`,
      ],
      ru: [`Контакты служебной почты изменены. Не Вы? Звоните: ${helpdeskPhone}`],
      tr: [`E-posta iletişim bilgileri değişti. Siz değilseniz: ${helpdeskPhone}`],
    })[locale],
};

/**
 * The SMS text of a kind in a locale. Returns the most informative variant that fits the kind's
 * parts (`maxSmsParts`: one, two for an invitation without email); if none does (only with values
 * outside the expected alphabet or length), the shortest variant, whole — a secret is never cut.
 */
export function smsText<K extends SmsKind>(kind: K, locale: Locale, values: SmsValues[K]): string {
  const variants = (TEXTS[kind] as Variants<K>)(locale, values);
  const parts = maxSmsParts(kind, values);
  const fitting = variants.find((text) => smsSegments(text).segments <= parts);
  return fitting ?? (variants.at(-1) as string);
}
