import { passwordPolicy } from '../identity/password-policy';
import { LOCALES } from './profile-ids';
import type { Profile } from './profile-schema';

/**
 * What anyone may read about the deployment (`GET /v1/profile`): what the console needs before
 * anyone signs in — names, languages, password rules, which flows exist, helpdesk contacts. Built
 * field by field (never a spread of the profile), so a setting added to the profile later is not
 * published by accident.
 */
export function publicProfile(profile: Profile) {
  const policy = passwordPolicy(profile);
  return {
    id: profile.id,
    ministry: profile.ministry,
    mailDomain: profile.newMailDomain,
    oldMailDomain: profile.oldMailDomain,
    nationalIdKind: profile.nationalIdKind,
    phoneRegion: profile.phoneRegion,
    defaultLocale: profile.defaultLocale,
    locales: [...LOCALES],
    timeZone: profile.timeZone,
    passwordPolicy: {
      minLength: policy.minLength,
      requireLowercase: policy.requireLowercase,
      requireUppercase: policy.requireUppercase,
      requireDigits: policy.requireDigits,
      requireSymbols: policy.requireSymbols,
    },
    temporaryPasswordDeadlineDays: profile.temporaryPasswordDeadlineDays,
    activationWindowDays: profile.activationWindowDays,
    maxPasswordAgeDays: profile.maxPasswordAgeDays,
    forwardingWindowDays: profile.forwardingWindowDays,
    flows: {
      // Activation profiles create accounts only when the member proves phone + national ID.
      activation: profile.credentialDelivery === 'activation',
      // The late-request routes serve every profile.
      lateRequest: true,
      // Cognito's account recovery is the phone (the login is the mailbox one may be locked out of);
      // Posta's own code goes to an alternate email the member proved (shared/passwords/reset-by-email.ts).
      passwordReset: { channels: ['sms', 'email'] as Array<'sms' | 'email'> },
      delegatedReset: profile.resetApproval,
      // Whether an approval waits for the signed form's scan (the resets desk says so before it is refused).
      resetFormScan: profile.resetFormScan,
    },
    helpdesk: { email: profile.helpdesk.email, phone: profile.helpdesk.phone, hours: profile.helpdesk.hours },
    webmailUrl: profile.webmailUrl,
  };
}

export type PublicProfile = ReturnType<typeof publicProfile>;
