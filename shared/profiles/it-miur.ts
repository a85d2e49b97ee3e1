import type { Profile } from './profile-schema';

/** Italy: migration in lots from istruzione.it to posta.istruzione.it. */
export const itMiur: Profile = {
  id: 'it-miur',
  ministry: 'Ministero dell’Istruzione e del Merito',
  oldMailDomain: 'istruzione.it',
  newMailDomain: 'posta.istruzione.it',
  nationalIdKind: 'codice-fiscale',
  phoneRegion: 'IT',
  defaultLocale: 'it',
  timeZone: 'Europe/Rome',
  credentialDelivery: 'temporary-password-sms',
  activationWindowDays: null,
  temporaryPasswordDeadlineDays: 7,
  maxPasswordAgeDays: null,
  expiryWarningDays: [],
  notice: { redeliveryEveryDays: 7, redeliveryMaxCount: 4 },
  forwardingWindowDays: 180,
  resetApproval: 'recorded-form',
  // The filing is the approval: a scan, when the officer attaches one, follows the reset.
  resetFormScan: 'optional',
  smsSenderId: 'MIM',
  emailFrom: 'noreply@posta.istruzione.it',
  webmailUrl: 'https://webmail.posta.istruzione.it',
  activationUrl: null,
  helpdesk: { email: 'assistenza@posta.istruzione.it', phone: '+390800000000', hours: 'lun–ven 8:00–18:00' },
  messageApprovalThreshold: 10_000,
  accountCreationPerSecond: 40,
  // The SES account's maximum send rate, requested for a ministry's volume (a new production account has 14).
  emailSendsPerSecond: 50,
  auditRetentionDays: 3650,
  // Codici meccanografici (e.g. RMIC8A9007); HR exports from Excel on Windows are Windows-1252.
  staffImport: { institutionCodePattern: '^[A-Z0-9]{4,12}$', institutionCodeExample: 'RMIC8A9007', legacyEncoding: 'windows-1252' },
  publicSms: { countries: ['IT'], perSourceIpHourly: 60, perPhonePrefixHourly: 20, globalHourly: 2000 },
  channelChangeHoldHours: 24,
};
