import type { EmailTemplateName } from '../catalog';
import { LOCALES, type Locale } from '../profiles/profile-ids';

export interface EmailTemplateContent {
  subject: string;
  text: string;
  html: string;
}

/** Last paragraph of every notice: mail comes from a no-reply address. */
const AUTOMATED: Record<Locale, string> = {
  it: 'Questo è un messaggio automatico: La preghiamo di non rispondere.',
  ru: 'Это письмо отправлено автоматически, отвечать на него не нужно.',
  tr: 'Bu ileti otomatik olarak gönderilmiştir; lütfen yanıtlamayınız.',
  en: 'This is an automated message; please do not reply.',
};

/**
 * Email templates in every locale. Placeholders use SES's Handlebars syntax (`{{name}}`) and are
 * filled at send time from the message's data; SES fails the send when a placeholder has no
 * value, so every locale of a template uses exactly the same placeholders (see
 * `templatePlaceholders`). The one helper used is a conditional, `{{#if flag}}…{{else}}…{{/if}}`,
 * kept inside one paragraph (SES supports Handlebars conditionals; the local SES emulator renders
 * with Handlebars too), for text that depends on a boolean in the data, and to leave out a
 * sentence whose value the member does not have (an empty string is false: no old address, no
 * forwarding) — such a sentence is appended to the paragraph before it, so no empty paragraph is
 * left. `test/unit/i18n-rendered-messages.test.ts` renders every template with the real data
 * builders for every profile, locale and variant. Never put a secret (password, code) into
 * template data: secrets travel by SMS (`sms-texts.ts`), except the one-time codes of
 * `EMAIL_CODE_TEMPLATES`, which the email consumer derives and inserts just before SES
 * (shared/email/email-code.ts).
 *
 * Wording rules: Italian uses the courtesy "Lei" (capitalised Sua/La), Russian the capitalised
 * "Вы"; numbers of days that vary at run time are written so that no plural agreement is needed
 * ("giorni rimanenti: {{daysLeft}}", "осталось дней: {{daysLeft}}", "дн."); Turkish suffixes go
 * on a noun after the placeholder ("{{expiresOn}} tarihinde"), never on the placeholder itself.
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
        'Если это были не Вы, срочно обратитесь в поддержку: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
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
  'migration-notice': {
    it: {
      subject: 'Dal {{migrationDate}} la Sua casella di posta istituzionale diventa {{login}}',
      body: [
        'Gentile {{givenName}},',
        'La informiamo che il {{migrationDate}} la Sua casella di posta istituzionale sarà trasferita al nuovo servizio di posta. Da tale data il Suo indirizzo, che è anche il nome utente per l’accesso, sarà {{login}}; la webmail è disponibile all’indirizzo {{webmailUrl}}.',
        '{{#if smsRefused}}Non è stato possibile inviarLe la password temporanea tramite SMS: il numero di cellulare registrato, che termina con {{phoneLast3}}, non può ricevere SMS. Chieda all’ufficio del personale di aggiornarlo, poi contatti l’assistenza indicando il codice di assistenza: Le sarà inviata una nuova password temporanea, da sostituire entro {{tempPasswordDays}} giorni.{{else}}Una password temporanea Le sarà inviata tramite SMS al numero di cellulare che termina con {{phoneLast3}}. Al primo accesso dovrà sostituirla con una password personale, entro {{tempPasswordDays}} giorni dalla ricezione; trascorso tale termine l’account sarà disabilitato.{{/if}}{{#if oldAddress}} La invitiamo a salvare, prima del {{migrationDate}}, i messaggi, i contatti e gli altri contenuti della vecchia casella che desidera conservare.{{/if}}{{#if forwardingUntil}} I messaggi inviati al vecchio indirizzo {{oldAddress}} saranno inoltrati alla nuova casella fino al {{forwardingUntil}}.{{/if}}',
        'Per qualsiasi necessità può contattare l’assistenza all’indirizzo {{helpdeskEmail}} o al numero {{helpdeskPhone}} ({{helpdeskHours}}), indicando il codice di assistenza {{supportCode}}.',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Перенос почтового ящика: с {{migrationDate}} Ваш адрес — {{login}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Сообщаем, что {{migrationDate}} Ваш служебный почтовый ящик будет перенесён в новую почтовую систему. С этой даты Ваш адрес, он же логин для входа, — {{login}}; веб-почта доступна по адресу {{webmailUrl}}.',
        '{{#if smsRefused}}Временный пароль не удалось отправить в SMS: номер мобильного телефона, оканчивающийся на {{phoneLast3}}, не может принимать SMS. Попросите отдел кадров обновить номер, затем обратитесь в службу поддержки и назовите код поддержки: Вам отправят новый временный пароль, который нужно заменить в течение {{tempPasswordDays}} дн.{{else}}Временный пароль будет отправлен в SMS на номер мобильного телефона, оканчивающийся на {{phoneLast3}}. При первом входе его необходимо заменить на собственный пароль в течение {{tempPasswordDays}} дн. с момента получения; по истечении этого срока учётная запись будет отключена.{{/if}}{{#if oldAddress}} Просим до {{migrationDate}} сохранить письма, контакты и другие данные из прежнего ящика, которые Вам нужны.{{/if}}{{#if forwardingUntil}} Письма, отправленные на прежний адрес {{oldAddress}}, будут пересылаться в новый ящик до {{forwardingUntil}}.{{/if}}',
        'По всем вопросам обращайтесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}). При обращении назовите код поддержки {{supportCode}}.',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: 'E-posta hesabınızın taşınması: {{migrationDate}} tarihinden itibaren adresiniz {{login}}',
      body: [
        'Sayın {{givenName}},',
        'Kurumsal e-posta hesabınız {{migrationDate}} tarihinde yeni e-posta sistemine taşınacaktır. Bu tarihten itibaren e-posta adresiniz ve aynı zamanda kullanıcı adınız {{login}} olacaktır; web postaya {{webmailUrl}} adresinden erişebilirsiniz.',
        '{{#if smsRefused}}Geçici parolanız SMS ile gönderilemedi: kayıtlı cep telefonu numaranız ({{phoneLast3}} ile biten) SMS alamıyor. Numaranızı personel biriminde güncelletiniz, ardından destek kodunuzu belirterek destek birimine başvurunuz; size {{tempPasswordDays}} gün içinde değiştirmeniz gereken yeni bir geçici parola gönderilecektir.{{else}}Geçici parolanız, {{phoneLast3}} ile biten cep telefonu numaranıza SMS ile gönderilecektir. İlk girişte bu parolayı, aldığınız tarihten itibaren {{tempPasswordDays}} gün içinde kendi belirleyeceğiniz bir parola ile değiştirmeniz gerekmektedir; bu süre içinde değiştirilmezse hesabınız devre dışı bırakılır.{{/if}}{{#if oldAddress}} Eski posta kutunuzda saklamak istediğiniz iletileri, kişileri ve diğer içerikleri {{migrationDate}} tarihinden önce kaydetmenizi rica ederiz.{{/if}}{{#if forwardingUntil}} Eski adresinize ({{oldAddress}}) gönderilen iletiler {{forwardingUntil}} tarihine kadar yeni adresinize yönlendirilecektir.{{/if}}',
        'Sorularınız için destek birimine {{helpdeskEmail}} e-posta adresinden veya {{helpdeskPhone}} numaralı telefondan ({{helpdeskHours}}) ulaşabilirsiniz. Başvurunuzda {{supportCode}} destek kodunu belirtiniz.',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Your mailbox is moving: from {{migrationDate}} your address is {{login}}',
      body: [
        'Dear {{givenName}},',
        'On {{migrationDate}} your institutional mailbox will be moved to the new mail service. From that date your address, which is also your sign-in name, will be {{login}}, and webmail will be available at {{webmailUrl}}.',
        '{{#if smsRefused}}Your temporary password could not be sent by SMS: the mobile number on record, ending in {{phoneLast3}}, cannot receive SMS. Ask the HR office to update it, then contact the helpdesk quoting your support code: a new temporary password will be sent to you, to be replaced within {{tempPasswordDays}} days.{{else}}A temporary password will be sent by SMS to the mobile number ending in {{phoneLast3}}. At your first sign-in you must replace it with a password of your own, within {{tempPasswordDays}} days of receiving it; after that the account will be disabled.{{/if}}{{#if oldAddress}} Please save any messages, contacts and other content of your old mailbox that you wish to keep before {{migrationDate}}.{{/if}}{{#if forwardingUntil}} Mail sent to your old address {{oldAddress}} will be forwarded to the new mailbox until {{forwardingUntil}}.{{/if}}',
        'If you need help, contact the helpdesk at {{helpdeskEmail}} or {{helpdeskPhone}} ({{helpdeskHours}}) and quote your support code {{supportCode}}.',
        AUTOMATED.en,
      ],
    },
  },
  'migration-reminder': {
    it: {
      subject: 'Promemoria n. {{reminderNumber}}: non ha ancora effettuato l’accesso alla casella {{login}}',
      body: [
        'Gentile {{givenName}},',
        'dal {{migrationDate}} la Sua casella di posta istituzionale è {{login}}, ma non risulta ancora alcun accesso.',
        '{{#if passwordExpired}}La password temporanea inviata tramite SMS al numero che termina con {{phoneLast3}} è scaduta: doveva essere sostituita entro {{tempPasswordDays}} giorni dall’invio e non può più essere utilizzata. Per ottenerne una nuova contatti l’assistenza all’indirizzo {{helpdeskEmail}} o al numero {{helpdeskPhone}} ({{helpdeskHours}}), indicando il codice di assistenza {{supportCode}}.{{else}}Acceda alla webmail {{webmailUrl}} con la password temporanea inviata tramite SMS al numero che termina con {{phoneLast3}} e la sostituisca al primo accesso: la password temporanea deve essere cambiata entro {{tempPasswordDays}} giorni dall’invio, altrimenti l’account sarà disabilitato.{{/if}}{{#if forwardingUntil}} I messaggi inviati a {{oldAddress}} sono inoltrati alla nuova casella fino al {{forwardingUntil}}.{{/if}}',
        'Assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}); indichi il codice di assistenza {{supportCode}}.',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Напоминание № {{reminderNumber}}: Вы ещё не входили в почтовый ящик {{login}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        'С {{migrationDate}} Ваш служебный почтовый ящик — {{login}}, однако вход в него ещё не выполнялся.',
        '{{#if passwordExpired}}Срок действия временного пароля из SMS, отправленного на номер, оканчивающийся на {{phoneLast3}}, истёк: его нужно было сменить в течение {{tempPasswordDays}} дн. с момента отправки, и войти с ним больше нельзя. Чтобы получить новый временный пароль, обратитесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}) и назовите код поддержки {{supportCode}}.{{else}}Войдите в веб-почту по адресу {{webmailUrl}} с временным паролем из SMS, отправленного на номер, оканчивающийся на {{phoneLast3}}, и смените пароль при первом входе. Временный пароль необходимо сменить в течение {{tempPasswordDays}} дн. с момента отправки, иначе учётная запись будет отключена.{{/if}}{{#if forwardingUntil}} Письма на прежний адрес {{oldAddress}} пересылаются в новый ящик до {{forwardingUntil}}.{{/if}}',
        'Служба поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}); при обращении назовите код поддержки {{supportCode}}.',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{reminderNumber}}. hatırlatma: {{login}} hesabınıza henüz giriş yapmadınız',
      body: [
        'Sayın {{givenName}},',
        'Kurumsal e-posta adresiniz {{migrationDate}} tarihinden bu yana {{login}} olarak kullanılmaktadır; ancak hesabınıza henüz giriş yapmadığınız görülmektedir.',
        '{{#if passwordExpired}}{{phoneLast3}} ile biten cep telefonu numaranıza SMS ile gönderilen geçici parolanın süresi dolmuştur: parolanın, gönderildiği tarihten itibaren {{tempPasswordDays}} gün içinde değiştirilmesi gerekiyordu ve artık kullanılamaz. Yeni bir geçici parola almak için {{supportCode}} destek kodunuzu belirterek destek birimine başvurunuz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).{{else}}{{webmailUrl}} adresinden, {{phoneLast3}} ile biten cep telefonu numaranıza SMS ile gönderilen geçici parola ile giriş yapınız ve ilk girişte parolanızı değiştiriniz. Geçici parola, gönderildiği tarihten itibaren {{tempPasswordDays}} gün içinde değiştirilmezse hesabınız devre dışı bırakılır.{{/if}}{{#if forwardingUntil}} Eski adresinize ({{oldAddress}}) gönderilen iletiler {{forwardingUntil}} tarihine kadar yeni adresinize yönlendirilmektedir.{{/if}}',
        'Destek: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}). Başvurunuzda {{supportCode}} destek kodunu belirtiniz.',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Reminder #{{reminderNumber}}: you have not yet signed in to {{login}}',
      body: [
        'Dear {{givenName}},',
        'Since {{migrationDate}} your institutional mailbox has been {{login}}, but you have not signed in to it yet.',
        '{{#if passwordExpired}}The temporary password sent by SMS to the mobile number ending in {{phoneLast3}} has expired: it had to be changed within {{tempPasswordDays}} days of being sent and can no longer be used. To get a new one, contact the helpdesk at {{helpdeskEmail}} or {{helpdeskPhone}} ({{helpdeskHours}}) and quote your support code {{supportCode}}.{{else}}Sign in at {{webmailUrl}} with the temporary password sent by SMS to the mobile number ending in {{phoneLast3}}, and change it at your first sign-in. The temporary password must be changed within {{tempPasswordDays}} days of being sent, or the account will be disabled.{{/if}}{{#if forwardingUntil}} Mail sent to {{oldAddress}} is forwarded to your new mailbox until {{forwardingUntil}}.{{/if}}',
        'Helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}); please quote your support code {{supportCode}}.',
        AUTOMATED.en,
      ],
    },
  },
  'activation-notice': {
    it: {
      subject: 'Attivi la Sua casella di posta istituzionale {{login}} entro il {{activationDeadline}}',
      body: [
        'Gentile {{givenName}},',
        'è stata creata per Lei la casella di posta istituzionale {{login}}. La attivi entro {{activationDays}} giorni, cioè entro il {{activationDeadline}}, alla pagina {{activationUrl}}.',
        '{{#if smsRefused}}Il numero di cellulare registrato presso la Sua istituzione non può ricevere SMS, e l’attivazione richiede un codice inviato tramite SMS. Chieda all’ufficio del personale di registrare un numero di cellulare valido: dopo l’aggiornamento potrà attivare la casella con quel numero e il Suo numero di identificazione nazionale ({{nationalIdName}}).{{else}}Per l’attivazione inserisca il numero di cellulare registrato presso la Sua istituzione e il Suo numero di identificazione nazionale ({{nationalIdName}}), quindi il codice di conferma che riceverà tramite SMS.{{/if}}',
        'Dopo l’attivazione riceverà tramite SMS una password temporanea, da sostituire con una password definitiva entro {{tempPasswordDays}} giorni.',
        'Per assistenza può contattare {{helpdeskEmail}} o {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Активируйте служебную почту {{login}} до {{activationDeadline}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Для Вас создан служебный почтовый ящик {{login}}. Активируйте его на странице {{activationUrl}} в течение {{activationDays}} дн., не позднее {{activationDeadline}}.',
        '{{#if smsRefused}}Номер мобильного телефона, зарегистрированный в Вашей организации, не может принимать SMS, а для активации нужен код из SMS. Попросите отдел кадров внести действующий мобильный номер: после этого Вы сможете активировать ящик, указав этот номер и {{nationalIdName}}.{{else}}Для активации укажите номер мобильного телефона, зарегистрированный в Вашей организации, и {{nationalIdName}}, а затем введите код подтверждения из SMS.{{/if}}',
        'После активации Вы получите в SMS временный пароль; его необходимо заменить на постоянный в течение {{tempPasswordDays}} дн.',
        'По всем вопросам обращайтесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} e-posta hesabınızı {{activationDeadline}} tarihine kadar etkinleştiriniz',
      body: [
        'Sayın {{givenName}},',
        'Adınıza {{login}} kurumsal e-posta hesabı oluşturulmuştur. Hesabınızı {{activationDays}} gün içinde, en geç {{activationDeadline}} tarihine kadar {{activationUrl}} adresinden etkinleştirmeniz gerekmektedir.',
        '{{#if smsRefused}}Kurumunuzda kayıtlı cep telefonu numaranız SMS alamıyor; etkinleştirme için ise SMS ile gönderilen bir kod gerekir. Personel biriminden geçerli bir cep telefonu numarası kaydetmesini isteyiniz: güncellemeden sonra hesabınızı bu numara ve ulusal kimlik numaranızla ({{nationalIdName}}) etkinleştirebilirsiniz.{{else}}Etkinleştirme için kurumunuzda kayıtlı cep telefonu numaranızı ve ulusal kimlik numaranızı ({{nationalIdName}}) giriniz; ardından telefonunuza SMS ile gelen doğrulama kodunu yazınız.{{/if}}',
        'Etkinleştirmenin ardından SMS ile geçici bir parola gönderilecektir. Bu parolayı {{tempPasswordDays}} gün içinde kalıcı bir parola ile değiştirmeniz gerekmektedir.',
        'Sorularınız için destek birimine ulaşabilirsiniz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Activate your institutional mailbox {{login}} by {{activationDeadline}}',
      body: [
        'Dear {{givenName}},',
        'An institutional mailbox, {{login}}, has been created for you. Please activate it within {{activationDays}} days, that is by {{activationDeadline}}, at {{activationUrl}}.',
        '{{#if smsRefused}}The mobile number your institution has on record cannot receive SMS, and activation needs a code sent by SMS. Ask the HR office to record a valid mobile number: once it is updated you can activate the mailbox with that number and your national identification number ({{nationalIdName}}).{{else}}To activate it, enter the mobile number registered with your institution and your national identification number ({{nationalIdName}}), then the confirmation code you will receive by SMS.{{/if}}',
        'After activation you will receive a temporary password by SMS; you must replace it with a permanent password within {{tempPasswordDays}} days.',
        'If you need help, contact the helpdesk at {{helpdeskEmail}} or {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'activation-window-closed': {
    it: {
      subject: 'Il termine per attivare la casella {{login}} è scaduto',
      body: [
        'Gentile {{givenName}},',
        'il termine per attivare la Sua casella di posta istituzionale {{login}} è scaduto il {{windowEndedOn}} e l’attivazione non è più possibile.',
        'Per attivarla si rivolga all’amministratore della Sua istituzione scolastica, che può riaprire il termine: riceverà quindi un nuovo invito.',
        'Per assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Срок активации почты {{login}} истёк',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Срок активации служебного почтового ящика {{login}} истёк {{windowEndedOn}}, и активировать его сейчас нельзя.',
        'Чтобы активировать ящик, обратитесь к администратору Вашей образовательной организации: он может продлить срок, и Вы получите новое приглашение.',
        'Служба поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınızın etkinleştirme süresi doldu',
      body: [
        'Sayın {{givenName}},',
        '{{login}} kurumsal e-posta hesabınızın etkinleştirme süresi {{windowEndedOn}} tarihinde dolmuştur; hesap artık etkinleştirilemez.',
        'Hesabınızı etkinleştirmek için okul/kurum yöneticinize başvurunuz: süreyi yeniden açabilir ve size yeni bir davet gönderilir.',
        'Destek: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'The time to activate {{login}} has run out',
      body: [
        'Dear {{givenName}},',
        'The time to activate your institutional mailbox {{login}} ran out on {{windowEndedOn}}, so it can no longer be activated.',
        'To activate it, ask your school administrator to reopen the activation window: you will then receive a new invitation.',
        'Helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'temporary-password-expired': {
    it: {
      subject: 'Account {{login}} disabilitato: password temporanea non modificata',
      body: [
        'Gentile {{givenName}},',
        'la password temporanea dell’account {{login}} non è stata sostituita entro {{tempPasswordDays}} giorni e, per motivi di sicurezza, l’account è stato disabilitato.',
        'Per ottenere una nuova password temporanea si rivolga all’amministratore della Sua istituzione scolastica oppure all’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Учётная запись {{login}} отключена: временный пароль не был изменён',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Временный пароль учётной записи {{login}} не был изменён в течение {{tempPasswordDays}} дн., поэтому в целях безопасности учётная запись отключена.',
        'Чтобы получить новый временный пароль, обратитесь к администратору Вашей образовательной организации или в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınız devre dışı bırakıldı: geçici parola değiştirilmedi',
      body: [
        'Sayın {{givenName}},',
        '{{login}} hesabınızın geçici parolası {{tempPasswordDays}} gün içinde değiştirilmediğinden hesabınız güvenlik nedeniyle devre dışı bırakılmıştır.',
        'Yeni bir geçici parola almak için okul/kurum yöneticinize veya destek birimine başvurunuz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Account {{login}} disabled: temporary password not changed',
      body: [
        'Dear {{givenName}},',
        'The temporary password of the account {{login}} was not changed within {{tempPasswordDays}} days, so the account has been disabled for security reasons.',
        'To have a new temporary password issued, please contact your school administrator or the helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'password-expiry-warning': {
    it: {
      subject: 'La password di {{login}} scade il {{expiresOn}}',
      body: [
        'Gentile {{givenName}},',
        'la password dell’account {{login}} scadrà il {{expiresOn}} (giorni rimanenti: {{daysLeft}}).',
        'La modifichi prima della scadenza accedendo a {{webmailUrl}}. La password deve essere cambiata almeno ogni {{maxAgeDays}} giorni: se non viene cambiata in tempo, l’account sarà chiuso e potrà essere riaperto solo tramite il referente della Sua istituzione.',
        'Per assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Срок действия пароля {{login}} истекает {{expiresOn}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Срок действия пароля учётной записи {{login}} истекает {{expiresOn}} (осталось дней: {{daysLeft}}).',
        'Смените пароль до этой даты на странице {{webmailUrl}}. Пароль необходимо менять не реже одного раза в {{maxAgeDays}} дн.; если он не будет изменён вовремя, учётная запись будет закрыта, и восстановить доступ можно будет только через ответственного сотрудника Вашей организации.',
        'Служба поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınızın parolası {{expiresOn}} tarihinde geçerliliğini yitiriyor',
      body: [
        'Sayın {{givenName}},',
        '{{login}} hesabınızın parolasının geçerlilik süresi {{daysLeft}} gün sonra, {{expiresOn}} tarihinde sona erecektir.',
        'Lütfen bu tarihten önce {{webmailUrl}} adresinden parolanızı değiştiriniz. Parolanın en az {{maxAgeDays}} günde bir değiştirilmesi zorunludur; süresi içinde değiştirilmezse hesabınız kapatılır ve yalnızca kurum yetkiliniz aracılığıyla yeniden açılabilir.',
        'Destek: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'The password of {{login}} expires on {{expiresOn}}',
      body: [
        'Dear {{givenName}},',
        'The password of the account {{login}} expires on {{expiresOn}} (days remaining: {{daysLeft}}).',
        'Please change it before then at {{webmailUrl}}. Passwords must be changed at least every {{maxAgeDays}} days: if it is not changed in time, the account will be closed and can only be reopened through your institution’s officer.',
        'Helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'password-expired': {
    it: {
      subject: 'Account {{login}} chiuso per password scaduta',
      body: [
        'Gentile {{givenName}},',
        'l’account {{login}} è stato chiuso perché la password non è stata cambiata da oltre {{maxAgeDays}} giorni.',
        'Per riaprirlo si rivolga al referente della Sua istituzione e firmi il modulo di richiesta di reimpostazione della password. Una volta registrata la richiesta, riceverà tramite SMS una nuova password temporanea, da cambiare al primo accesso.',
        'Per informazioni: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Учётная запись {{login}} закрыта: истёк срок действия пароля',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Учётная запись {{login}} закрыта, так как пароль не менялся более {{maxAgeDays}} дн.',
        'Чтобы восстановить доступ, обратитесь к ответственному сотруднику Вашей организации и подпишите заявление на сброс пароля. После регистрации заявления Вы получите в SMS новый временный пароль, который нужно сменить при первом входе.',
        'Служба поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınız parola süresi dolduğu için kapatıldı',
      body: [
        'Sayın {{givenName}},',
        '{{login}} hesabınızın parolası {{maxAgeDays}} günden uzun süredir değiştirilmediği için hesabınız kapatılmıştır.',
        'Hesabınızı yeniden açtırmak için kurum yetkilinize başvurarak parola sıfırlama talep formunu imzalayınız. Talebiniz kayda alındıktan sonra cep telefonunuza SMS ile yeni bir geçici parola gönderilecektir; bu parolayı ilk girişte değiştirmeniz gerekmektedir.',
        'Destek: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Account {{login}} closed: password expired',
      body: [
        'Dear {{givenName}},',
        'The account {{login}} has been closed because its password had not been changed for more than {{maxAgeDays}} days.',
        'To reopen it, contact your institution’s officer and sign the password reset request form. Once the request has been recorded, you will receive a new temporary password by SMS, which you must change at your first sign-in.',
        'Helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'password-reset-done': {
    it: {
      subject: 'La password di {{login}} è stata reimpostata',
      body: [
        'Gentile {{givenName}},',
        '{{#if smsRefused}}il {{resetAt}} la Sua istituzione ha reimpostato la password dell’account {{login}}, ma la nuova password temporanea non Le è stata consegnata: il numero di cellulare che termina con {{phoneLast3}} non può ricevere SMS. Chieda all’ufficio del personale di aggiornarlo e si rivolga poi di nuovo alla Sua istituzione o all’assistenza.{{else}}il {{resetAt}} la Sua istituzione ha reimpostato la password dell’account {{login}}. La nuova password temporanea è stata inviata tramite SMS al numero di cellulare che termina con {{phoneLast3}}.{{/if}}',
        'Acceda alla webmail {{webmailUrl}} e la sostituisca al primo accesso, entro {{tempPasswordDays}} giorni.',
        'Se non ha richiesto Lei la reimpostazione, contatti subito l’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Пароль учётной записи {{login}} сброшен',
      body: [
        'Здравствуйте, {{givenName}}!',
        '{{#if smsRefused}}Сообщаем, что {{resetAt}} Ваша организация выполнила сброс пароля учётной записи {{login}}, но новый временный пароль не доставлен: номер, оканчивающийся на {{phoneLast3}}, не может принимать SMS. Попросите отдел кадров обновить номер, а затем снова обратитесь в организацию или в службу поддержки.{{else}}Сообщаем, что {{resetAt}} Ваша организация выполнила сброс пароля учётной записи {{login}}. Новый временный пароль отправлен в SMS на номер, оканчивающийся на {{phoneLast3}}.{{/if}}',
        'Войдите в веб-почту по адресу {{webmailUrl}} и смените временный пароль при первом входе, не позднее чем через {{tempPasswordDays}} дн.',
        'Если Вы не запрашивали сброс пароля, срочно обратитесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınızın parolası sıfırlandı',
      body: [
        'Sayın {{givenName}},',
        '{{#if smsRefused}}{{login}} hesabınızın parolası {{resetAt}} tarihinde kurumunuz tarafından sıfırlanmıştır; ancak yeni geçici parolanız iletilemedi: {{phoneLast3}} ile biten numara SMS alamıyor. Numaranızı personel biriminde güncelletiniz ve ardından kurumunuza ya da destek birimine yeniden başvurunuz.{{else}}{{login}} hesabınızın parolası {{resetAt}} tarihinde kurumunuz tarafından sıfırlanmıştır. Yeni geçici parolanız {{phoneLast3}} ile biten cep telefonu numaranıza SMS ile gönderilmiştir.{{/if}}',
        '{{webmailUrl}} adresinden giriş yaparak geçici parolanızı ilk girişte, en geç {{tempPasswordDays}} gün içinde değiştiriniz.',
        'Bu talebi siz yapmadıysanız hemen destek birimiyle iletişime geçiniz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'The password of {{login}} has been reset',
      body: [
        'Dear {{givenName}},',
        '{{#if smsRefused}}On {{resetAt}} your institution reset the password of the account {{login}}, but the new temporary password could not be delivered: the mobile number ending in {{phoneLast3}} cannot receive SMS. Ask the HR office to update it, then contact your institution or the helpdesk again.{{else}}On {{resetAt}} your institution reset the password of the account {{login}}. The new temporary password has been sent by SMS to the mobile number ending in {{phoneLast3}}.{{/if}}',
        'Sign in at {{webmailUrl}} and change it at your first sign-in, within {{tempPasswordDays}} days.',
        'If you did not request this reset, contact the helpdesk immediately: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  // To the OLD address when a re-import changes the phone or alternate email (shared/credentials/channel-change.ts).
  'contact-changed': {
    it: {
      subject: 'I recapiti della Sua casella {{login}} sono stati cambiati',
      body: [
        'Gentile {{givenName}},',
        'il {{changedAt}} i dati del personale della Sua istituzione hanno cambiato i recapiti della casella di posta istituzionale {{login}}.{{#if phoneChanged}} È cambiato il numero di cellulare.{{/if}}{{#if emailChanged}} È cambiato l’indirizzo email alternativo.{{/if}} Questo messaggio Le arriva ai recapiti precedenti.',
        '{{#if held}}Per sicurezza, per {{holdHours}} ore nessuna password e nessun codice saranno inviati ai nuovi recapiti, salvo conferma di un operatore.{{else}}Password e codici saranno inviati d’ora in poi ai nuovi recapiti.{{/if}}',
        'Se il cambiamento non era atteso, contatti subito la Sua scuola o l’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Изменены контактные данные ящика {{login}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        '{{changedAt}} в кадровых данных Вашей организации изменены контактные данные служебного почтового ящика {{login}}.{{#if phoneChanged}} Изменён номер мобильного телефона.{{/if}}{{#if emailChanged}} Изменён дополнительный адрес электронной почты.{{/if}} Это письмо отправлено по прежним контактам.',
        '{{#if held}}В целях безопасности в течение {{holdHours}} ч. пароли и коды на новые контакты не отправляются, если изменение не подтвердит оператор.{{else}}Пароли и коды теперь будут отправляться на новые контакты.{{/if}}',
        'Если Вы не ожидали этого изменения, срочно обратитесь в свою школу или в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabınızın iletişim bilgileri değiştirildi',
      body: [
        'Sayın {{givenName}},',
        '{{login}} kurumsal e-posta hesabınızın iletişim bilgileri {{changedAt}} tarihinde kurumunuzun personel kayıtlarında değiştirilmiştir.{{#if phoneChanged}} Cep telefonu numaranız değişti.{{/if}}{{#if emailChanged}} Alternatif e-posta adresiniz değişti.{{/if}} Bu ileti önceki iletişim bilgilerinize gönderilmiştir.',
        '{{#if held}}Güvenliğiniz için, bir operatör onaylamadıkça {{holdHours}} saat boyunca yeni iletişim bilgilerine parola veya kod gönderilmeyecektir.{{else}}Parola ve kodlar bundan sonra yeni iletişim bilgilerine gönderilecektir.{{/if}}',
        'Bu değişikliği beklemiyorsanız hemen okulunuza veya destek birimine başvurunuz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'The contact details of your mailbox {{login}} were changed',
      body: [
        'Dear {{givenName}},',
        'on {{changedAt}} your institution’s staff records changed the contact details of the institutional mailbox {{login}}.{{#if phoneChanged}} The mobile phone number changed.{{/if}}{{#if emailChanged}} The alternate email address changed.{{/if}} This message goes to your previous contact details.',
        '{{#if held}}For your safety, for {{holdHours}} hours no password or code is sent to the new contact details unless an operator confirms the change.{{else}}Passwords and codes now go to the new contact details.{{/if}}',
        'If you did not expect this change, contact your school or the helpdesk now: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  // The three below are the alternate email's (shared/passwords/alternate-email*.ts). The two
  // code templates get `{{code}}` from the email consumer at send time (shared/email/email-code.ts):
  // producers never put it in the data. The first goes to an address someone typed, perhaps not
  // the member's: it names the mailbox, not the person.
  'alternate-email-code': {
    it: {
      subject: 'Codice di verifica dell’email alternativa per {{login}}',
      body: [
        'Buongiorno,',
        'è stato chiesto di usare questo indirizzo come email alternativa della casella istituzionale {{login}}, per ricevere i codici di reimpostazione della password.',
        'Il codice di verifica è: {{code}}. È valido fino al {{validUntil}} e può essere usato una sola volta. Non lo comunichi a nessuno.',
        'Se non ha fatto Lei questa richiesta, ignori questo messaggio: l’indirizzo non sarà usato. Per qualsiasi dubbio: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Код подтверждения резервного адреса для {{login}}',
      body: [
        'Здравствуйте!',
        'Этот адрес указан как резервный адрес электронной почты служебного ящика {{login}}: на него будут приходить коды для сброса пароля.',
        'Код подтверждения: {{code}}. Он действует до {{validUntil}} и может быть использован только один раз. Никому его не сообщайте.',
        'Если Вы не отправляли этот запрос, просто проигнорируйте письмо: адрес не будет использован. Вопросы: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} için yedek e-posta adresi doğrulama kodu',
      body: [
        'Merhaba,',
        'Bu adresin, {{login}} kurumsal e-posta hesabının yedek e-posta adresi olarak kullanılması istendi; parola sıfırlama kodları bu adrese gönderilecektir.',
        'Doğrulama kodunuz: {{code}}. Kod {{validUntil}} tarihine kadar geçerlidir ve yalnızca bir kez kullanılabilir. Kodu kimseyle paylaşmayınız.',
        'Bu talebi siz yapmadıysanız bu iletiyi dikkate almayınız; adres kullanılmayacaktır. Sorularınız için: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Verification code for the alternate email of {{login}}',
      body: [
        'Hello,',
        'someone asked to use this address as the alternate email of the institutional mailbox {{login}}, to receive password reset codes.',
        'The verification code is: {{code}}. It is valid until {{validUntil}} and can be used once. Do not share it with anyone.',
        'If this was not you, ignore this message: the address will not be used. Questions: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  'password-reset-code': {
    it: {
      subject: 'Codice per reimpostare la password di {{login}}',
      body: [
        'Gentile {{givenName}},',
        'è stata chiesta la reimpostazione della password della casella {{login}}.',
        'Il codice è: {{code}}. È valido fino al {{validUntil}} e può essere usato una sola volta. Non lo comunichi a nessuno: l’assistenza non Le chiederà mai questo codice.',
        'Se non ha chiesto Lei la reimpostazione, ignori questo messaggio: la password resta invariata. Se accade di nuovo, contatti l’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Код для сброса пароля {{login}}',
      body: [
        'Здравствуйте, {{givenName}}!',
        'Запрошен сброс пароля почтового ящика {{login}}.',
        'Код: {{code}}. Он действует до {{validUntil}} и может быть использован только один раз. Никому его не сообщайте: служба поддержки никогда не спрашивает этот код.',
        'Если Вы не запрашивали сброс, проигнорируйте это письмо: пароль не изменится. Если это повторится, обратитесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabı için parola sıfırlama kodu',
      body: [
        'Sayın {{givenName}},',
        '{{login}} e-posta hesabınızın parolasının sıfırlanması istendi.',
        'Kodunuz: {{code}}. Kod {{validUntil}} tarihine kadar geçerlidir ve yalnızca bir kez kullanılabilir. Kodu kimseyle paylaşmayınız; destek birimi bu kodu asla sormaz.',
        'Bu talebi siz yapmadıysanız bu iletiyi dikkate almayınız; parolanız değişmeyecektir. Tekrarlanırsa destek birimiyle iletişime geçiniz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Code to reset the password of {{login}}',
      body: [
        'Dear {{givenName}},',
        'a reset of the password of the mailbox {{login}} was requested.',
        'The code is: {{code}}. It is valid until {{validUntil}} and can be used once. Do not share it with anyone: the helpdesk will never ask for it.',
        'If you did not ask for this, ignore this message: your password stays as it is. If it happens again, contact the helpdesk: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  // Sent to the channels the member had BEFORE the change (never naming the new address).
  'alternate-email-changed': {
    it: {
      subject: 'L’email alternativa della casella {{login}} è stata modificata',
      body: [
        'Gentile {{givenName}},',
        '{{#if removed}}il {{changedAt}} l’email alternativa della casella {{login}} è stata rimossa: i codici per reimpostare la password arriveranno solo tramite SMS al cellulare registrato.{{else}}il {{changedAt}} è stata impostata una nuova email alternativa per la casella {{login}}. I codici per reimpostare la password potranno esservi inviati a partire dal {{usableFrom}}.{{/if}}',
        'Se non è stato Lei, acceda alla casella e rimuova l’indirizzo, oppure contatti subito l’assistenza: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Резервный адрес ящика {{login}} изменён',
      body: [
        'Здравствуйте, {{givenName}}!',
        '{{#if removed}}{{changedAt}} резервный адрес электронной почты ящика {{login}} был удалён: коды для сброса пароля будут приходить только в SMS на зарегистрированный номер мобильного телефона.{{else}}{{changedAt}} для ящика {{login}} был указан новый резервный адрес электронной почты. Коды для сброса пароля будут отправляться на него не раньше {{usableFrom}}.{{/if}}',
        'Если это были не Вы, войдите в почту и удалите этот адрес или срочно обратитесь в службу поддержки: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{login}} hesabının yedek e-posta adresi değiştirildi',
      body: [
        'Sayın {{givenName}},',
        '{{#if removed}}{{login}} hesabınızın yedek e-posta adresi {{changedAt}} tarihinde kaldırıldı; parola sıfırlama kodları yalnızca kayıtlı cep telefonunuza SMS ile gönderilecektir.{{else}}{{login}} hesabınız için {{changedAt}} tarihinde yeni bir yedek e-posta adresi tanımlandı; parola sıfırlama kodları bu adrese en erken {{usableFrom}} tarihinde gönderilebilecektir.{{/if}}',
        'Bu işlemi siz yapmadıysanız hesabınıza giriş yaparak adresi kaldırınız veya hemen destek birimiyle iletişime geçiniz: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'The alternate email of your mailbox {{login}} was changed',
      body: [
        'Dear {{givenName}},',
        '{{#if removed}}on {{changedAt}} the alternate email of the mailbox {{login}} was removed: password reset codes will come only by SMS to the mobile phone on record.{{else}}on {{changedAt}} a new alternate email was set for the mailbox {{login}}. Password reset codes can go to it from {{usableFrom}} on.{{/if}}',
        'If this was not you, sign in and remove the address, or contact the helpdesk now: {{helpdeskEmail}}, {{helpdeskPhone}} ({{helpdeskHours}}).',
        AUTOMATED.en,
      ],
    },
  },
  // The weekly digest to an institution's school admins while its phone-update list is not empty
  // (shared/phone-updates): how many, never who (the list itself is behind the API).
  'phone-update-digest': {
    it: {
      subject: 'Personale senza un cellulare utilizzabile in {{institution}}: {{count}}',
      body: [
        'Gentile dirigente,',
        'nell’elenco dell’istituzione {{institution}} figura personale senza un numero di cellulare utilizzabile (mancante, non valido, di rete fissa o rifiutato dall’operatore). Persone in elenco: {{count}}.',
        'Senza un cellulare queste persone non possono ricevere tramite SMS le credenziali e i codici di accesso. Chieda loro di aggiornare il numero presso l’ufficio del personale: la prossima importazione con un cellulare valido le toglierà dall’elenco.',
        'L’elenco completo è disponibile tramite l’API all’indirizzo {{listPath}}. Per assistenza: {{helpdeskEmail}}.',
        AUTOMATED.it,
      ],
    },
    ru: {
      subject: 'Сотрудники без действующего мобильного номера в {{institution}}: {{count}}',
      body: [
        'Уважаемый руководитель!',
        'В списке организации {{institution}} есть сотрудники без пригодного мобильного номера (номер не указан, неверен, является городским или отклонён оператором). Человек в списке: {{count}}.',
        'Без мобильного номера эти сотрудники не могут получить по SMS учётные данные и коды входа. Попросите их обновить номер в отделе кадров: после следующей загрузки с действующим мобильным номером они исчезнут из списка.',
        'Полный список доступен через API по адресу {{listPath}}. Поддержка: {{helpdeskEmail}}.',
        AUTOMATED.ru,
      ],
    },
    tr: {
      subject: '{{institution}} kurumunda geçerli cep telefonu olmayan personel: {{count}}',
      body: [
        'Sayın yönetici,',
        '{{institution}} kurumunun listesinde kullanılabilir bir cep telefonu numarası olmayan (numarası eksik, geçersiz, sabit hat ya da operatörce reddedilmiş) personel bulunmaktadır. Listedeki kişi sayısı: {{count}}.',
        'Bu kişiler cep telefonu olmadan giriş bilgilerini ve doğrulama kodlarını SMS ile alamazlar. Numaralarını personel biriminde güncellemelerini isteyiniz: geçerli bir cep telefonu içeren bir sonraki aktarımla listeden çıkarlar.',
        'Listenin tamamına API üzerinden {{listPath}} adresinden ulaşabilirsiniz. Destek: {{helpdeskEmail}}.',
        AUTOMATED.tr,
      ],
    },
    en: {
      subject: 'Staff without a usable mobile number in {{institution}}: {{count}}',
      body: [
        'Dear school administrator,',
        'the list of institution {{institution}} holds staff without a usable mobile number (missing, not valid, a landline, or refused by the carrier). People on the list: {{count}}.',
        'Without a mobile they cannot receive their credentials and sign-in codes, which are sent by SMS. Ask them to update their number with the HR office: the next import with a valid mobile takes them off the list.',
        'The whole list is available through the API at {{listPath}}. Helpdesk: {{helpdeskEmail}}.',
        AUTOMATED.en,
      ],
    },
  },
  // A message to staff (shared/messages): subject and body are the sender's, with the member's
  // personal fields already filled in by Posta (the preview shows exactly what is sent).
  'staff-message': {
    it: { subject: '{{subject}}', body: ['{{body}}', AUTOMATED.it] },
    ru: { subject: '{{subject}}', body: ['{{body}}', AUTOMATED.ru] },
    tr: { subject: '{{subject}}', body: ['{{body}}', AUTOMATED.tr] },
    en: { subject: '{{subject}}', body: ['{{body}}', AUTOMATED.en] },
  },
};

/** A `{{name}}` placeholder, or the flag of a `{{#if flag}}` section: both are keys of the data. */
const PLACEHOLDER = /\{\{\s*(?:#if\s+)?(?!else\s*\}\})([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The placeholders (`{{name}}`, and `{{#if flag}}` flags) a template uses, sorted: the keys its
 * `data` must carry. Without `locale`, the union over all locales — which equals each locale's
 * own set, as the tests check.
 */
export function templatePlaceholders(name: EmailTemplateName, locale?: Locale): string[] {
  const locales = locale ? [locale] : LOCALES;
  const found = new Set<string>();
  for (const l of locales) {
    const { subject, body } = CONTENT[name][l];
    for (const text of [subject, ...body]) for (const m of text.matchAll(PLACEHOLDER)) found.add(m[1] as string);
  }
  return [...found].sort();
}

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
        // A sender's text keeps its line breaks in HTML too (its own paragraphs are inside one placeholder).
        html: body.map((p) => (p === '{{body}}' ? `<p style="white-space:pre-line">${p}</p>` : `<p>${p}</p>`)).join('\n'),
      };
    }),
  );
}
