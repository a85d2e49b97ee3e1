import type { Profile } from './profile-schema';

/** Turkey: passwords older than 30 days close the account; officers reset by signed form. */
export const trMeb: Profile = {
  id: 'tr-meb',
  ministry: 'Millî Eğitim Bakanlığı',
  oldMailDomain: null,
  newMailDomain: 'meb.k12.tr',
  nationalIdKind: 'tckn',
  phoneRegion: 'TR',
  defaultLocale: 'tr',
  timeZone: 'Europe/Istanbul',
  credentialDelivery: 'temporary-password-sms',
  activationWindowDays: null,
  temporaryPasswordDeadlineDays: 7,
  maxPasswordAgeDays: 30,
  expiryWarningDays: [7, 3, 1],
  notice: { redeliveryEveryDays: 7, redeliveryMaxCount: 2 },
  forwardingWindowDays: null,
  resetApproval: 'recorded-form',
  // The filing is the approval: a scan, when the officer attaches one, follows the reset.
  resetFormScan: 'optional',
  smsSenderId: 'MEB',
  emailFrom: 'noreply@meb.k12.tr',
  webmailUrl: 'https://eposta.meb.k12.tr',
  activationUrl: null,
  helpdesk: { email: 'destek@meb.k12.tr', phone: '+903120000000', hours: 'Pzt–Cum 08:30–17:30' },
  messageApprovalThreshold: 10_000,
  accountCreationPerSecond: 40,
  // The SES account's maximum send rate, requested for a ministry's volume (a new production account has 14).
  emailSendsPerSecond: 50,
  auditRetentionDays: 3650,
  // MEB kurum kodları (six digits today); Turkish Windows exports are Windows-1254.
  staffImport: { institutionCodePattern: '^[A-Z0-9]{4,12}$', institutionCodeExample: '758390', legacyEncoding: 'windows-1254' },
  publicSms: { countries: ['TR'], perSourceIpHourly: 60, perPhonePrefixHourly: 20, globalHourly: 5000 },
  channelChangeHoldHours: 24,
};
