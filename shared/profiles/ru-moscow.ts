import type { Profile } from './profile-schema';

/** Moscow: staff activate with phone + SNILS within 60 days of the director's notice. */
export const ruMoscow: Profile = {
  id: 'ru-moscow',
  ministry: 'Департамент образования и науки города Москвы',
  oldMailDomain: null,
  newMailDomain: 'edu.mos.ru',
  nationalIdKind: 'snils',
  phoneRegion: 'RU',
  defaultLocale: 'ru',
  timeZone: 'Europe/Moscow',
  credentialDelivery: 'activation',
  activationWindowDays: 60,
  temporaryPasswordDeadlineDays: 7,
  maxPasswordAgeDays: null,
  expiryWarningDays: [],
  notice: { redeliveryEveryDays: 7, redeliveryMaxCount: 4 },
  forwardingWindowDays: null,
  resetApproval: 'two-person',
  // The approver decides on the signed form's scan: not approved without it.
  resetFormScan: 'required',
  smsSenderId: 'EDUMOS',
  emailFrom: 'noreply@edu.mos.ru',
  webmailUrl: 'https://mail.edu.mos.ru',
  activationUrl: 'https://lk.edu.mos.ru/activate',
  helpdesk: { email: 'support@edu.mos.ru', phone: '+74950000000', hours: 'пн–пт 9:00–18:00' },
  messageApprovalThreshold: 10_000,
  accountCreationPerSecond: 40,
  // The SES account's maximum send rate, requested for a ministry's volume (a new production account has 14).
  emailSendsPerSecond: 50,
  auditRetentionDays: 1825,
  // Moscow's registry codes come in hyphenated groups (MSK-SCH-1234); Russian Windows exports are Windows-1251.
  staffImport: {
    institutionCodePattern: '^(?=.{4,32}$)[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){0,3}$',
    institutionCodeExample: 'MSK-SCH-1234',
    legacyEncoding: 'windows-1251',
  },
  publicSms: { countries: ['RU'], perSourceIpHourly: 60, perPhonePrefixHourly: 20, globalHourly: 20000 },
  channelChangeHoldHours: 24,
};
