import * as z from 'zod';
import { INSTITUTION_CODE } from '../staff/institution-code';
import { LOCALES, PROFILE_IDS } from './profile-ids';

// In a file of their own, so code that needs only these lists does not build the schema below.
export { LOCALES, type Locale, PROFILE_IDS, type ProfileId } from './profile-ids';

const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS domain');

const positiveDays = z.number().int().positive().max(3650);

/** A regular expression written as text, anchored at both ends, that compiles. */
const anchoredPattern = z
  .string()
  .regex(/^\^.*\$$/, 'must be anchored: start with ^ and end with $')
  .refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

/**
 * What differs between ministries. Everything a flow decides per deployment is read from here,
 * never from `if (profile.id === ...)`, so a fourth ministry is a new data file.
 */
export const profileSchema = z
  .object({
    id: z.enum(PROFILE_IDS),
    ministry: z.string().min(3),
    /** Where staff addresses live today; null when the deployment has no migration. */
    oldMailDomain: domain.nullable(),
    newMailDomain: domain,
    nationalIdKind: z.enum(['codice-fiscale', 'snils', 'tckn']),
    /** ISO 3166 region used to parse phone numbers written without a country code. */
    phoneRegion: z.enum(['IT', 'RU', 'TR']),
    defaultLocale: z.enum(LOCALES),
    timeZone: z.string().min(3),
    /** How a new account gets its first password. */
    credentialDelivery: z.enum(['temporary-password-sms', 'activation']),
    /** Days a member has to activate after the notice; null when the profile has no activation. */
    activationWindowDays: positiveDays.nullable(),
    temporaryPasswordDeadlineDays: positiveDays,
    /** Null turns rotation off. */
    maxPasswordAgeDays: positiveDays.nullable(),
    /** Days before expiry when a warning is sent, largest first. */
    expiryWarningDays: z.array(positiveDays).max(5),
    notice: z.object({
      redeliveryEveryDays: positiveDays,
      redeliveryMaxCount: z.number().int().min(0).max(10),
    }),
    /** Days after a lot's launch during which old → new forwarding stays resolvable. */
    forwardingWindowDays: positiveDays.nullable(),
    /** Delegated reset: a recorded paper form is enough, or an approver must approve in Posta. */
    resetApproval: z.enum(['recorded-form', 'two-person']),
    /**
     * The signed form's scan (PDF, PNG or JPEG, uploaded by the officer after filing). `required`:
     * a two-person request is not approved until its scan is confirmed (409 `form_scan_required`);
     * `optional`: the officer may attach one, the approver decides without. Two-person profiles only
     * may require it: with `recorded-form` the filing is the approval and resets at once, so there
     * is nothing a later scan could hold back (the scan is then attached to the done request).
     */
    resetFormScan: z.enum(['required', 'optional']),
    /** Alphanumeric SMS sender ID: 3–11 characters, at least one letter (carrier rule). */
    smsSenderId: z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$/, 'must be 3–11 letters or digits with a letter'),
    emailFrom: z.email(),
    webmailUrl: z.url({ protocol: /^https$/ }),
    /** The staff portal page where members activate; required when credentialDelivery is "activation". */
    activationUrl: z.url({ protocol: /^https$/ }).nullable(),
    helpdesk: z.object({
      email: z.email(),
      phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164'),
      hours: z.string().min(3),
    }),
    auditRetentionDays: positiveDays,
    /** Recipients above which a message to staff needs a second operator's approval before it is sent. */
    messageApprovalThreshold: z.number().int().min(1),
    /** Cognito accounts created per second at a lot launch: ≤ 80% of the 50/s AdminCreateUser quota. */
    accountCreationPerSecond: z.number().int().min(1).max(40),
    /**
     * Emails handed to SES per second, deployment-wide: at most the account's SES maximum send rate
     * (its sending quota; raise both together). Every email consumer takes a slot of the second
     * before it calls SES (shared/email/send-pace.ts).
     */
    emailSendsPerSecond: z.number().int().min(1).max(1000),
    /** What HR files of this ministry look like (docs/import-format.md). */
    staffImport: z
      .object({
        /**
         * The ministry's institution codes (upper case): registry entries and import rows are
         * checked against it. Every pattern must stay within the API's general code shape
         * (`shared/staff/institution-code.ts`), which `institutionCodeExample` is checked against.
         */
        institutionCodePattern: anchoredPattern,
        institutionCodeExample: z.string().min(1),
        /** The Windows code page this ministry's HR exports are in when they are not Unicode. */
        legacyEncoding: z.enum(['windows-1252', 'windows-1251', 'windows-1254']),
      })
      .strict(),
    /**
     * Who may make Posta send an SMS through a public route (late request, activation step 1,
     * forgot password): hourly budgets per source IP, per block of 10,000 numbers (the number
     * without its last 4 digits: SMS pumping walks number ranges) and for the whole deployment,
     * answered 429 to everyone alike; and the countries whose mobiles may get a code at all, as
     * ISO 3166 regions the way libphonenumber-js names a number's region (`IT`, `RU`, `TR`). The
     * bundled profiles use 60 / 20 per hour and a deployment-wide ceiling sized to the ministry.
     */
    publicSms: z
      .object({
        countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be ISO 3166 alpha-2 regions, e.g. "IT"')).min(1),
        perSourceIpHourly: z.number().int().min(1).max(10_000),
        perPhonePrefixHourly: z.number().int().min(1).max(10_000),
        globalHourly: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
    /**
     * Hours after a member's phone or alternate email changed (a re-import) during which no
     * credential or code is sent to it, unless an operator confirms the change (24 in the bundled
     * profiles; 0 turns the hold off, never the announcement to the old phone and address).
     */
    channelChangeHoldHours: z.number().int().min(0).max(168),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.resetFormScan === 'required' && p.resetApproval !== 'two-person') {
      ctx.addIssue({ code: 'custom', path: ['resetFormScan'], message: 'may be "required" only where resetApproval is "two-person"' });
    }
    if (p.credentialDelivery === 'activation' && p.activationUrl === null) {
      ctx.addIssue({ code: 'custom', path: ['activationUrl'], message: 'is required when credentialDelivery is "activation"' });
    }
    if (p.credentialDelivery === 'activation' && p.activationWindowDays === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['activationWindowDays'],
        message: 'is required when credentialDelivery is "activation"',
      });
    }
    if (!p.publicSms.countries.includes(p.phoneRegion)) {
      ctx.addIssue({ code: 'custom', path: ['publicSms', 'countries'], message: `must include phoneRegion (${p.phoneRegion})` });
    }
    for (const key of ['perSourceIpHourly', 'perPhonePrefixHourly'] as const) {
      if (p.publicSms[key] > p.publicSms.globalHourly) {
        ctx.addIssue({ code: 'custom', path: ['publicSms', key], message: 'must not be more than globalHourly' });
      }
    }
    if (p.oldMailDomain !== null && p.oldMailDomain === p.newMailDomain) {
      ctx.addIssue({ code: 'custom', path: ['newMailDomain'], message: 'must differ from oldMailDomain' });
    }
    const codes = new RegExp(p.staffImport.institutionCodePattern, 'u');
    if (!codes.test(p.staffImport.institutionCodeExample) || !INSTITUTION_CODE.test(p.staffImport.institutionCodeExample)) {
      ctx.addIssue({
        code: 'custom',
        path: ['staffImport', 'institutionCodeExample'],
        message: 'must match institutionCodePattern and the API’s general institution-code shape',
      });
    }
    const sorted = [...p.expiryWarningDays].sort((a, b) => b - a);
    if (sorted.some((d, i) => d !== p.expiryWarningDays[i]) || new Set(sorted).size !== sorted.length) {
      ctx.addIssue({ code: 'custom', path: ['expiryWarningDays'], message: 'must be distinct and largest first' });
    }
    if (p.maxPasswordAgeDays !== null && p.expiryWarningDays.some((d) => d >= (p.maxPasswordAgeDays ?? 0))) {
      ctx.addIssue({ code: 'custom', path: ['expiryWarningDays'], message: 'must be shorter than maxPasswordAgeDays' });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
