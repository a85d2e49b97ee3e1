import { findProfile, ProfileError } from './bundled-profiles';
import { type Profile, profileSchema } from './profile-schema';

export { ProfileError } from './bundled-profiles';
export type { Locale, ProfileId } from './profile-ids';
export { LOCALES, PROFILE_IDS } from './profile-ids';
export type { Profile } from './profile-schema';

/**
 * Validates a profile and explains the first problems by field name, so a typo in a
 * deployment's profile stops `cdk synth` or `npm start` instead of surfacing in production.
 */
export function validateProfile(candidate: unknown): Profile {
  const parsed = profileSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const id = (candidate as { id?: unknown })?.id ?? '(no id)';
  const lines = parsed.error.issues.map((i) => `  - field "${i.path.join('.') || '(root)'}": ${i.message}`);
  throw new ProfileError(`Invalid Posta profile ${String(id)}:\n${lines.join('\n')}`);
}

/** Looks a profile up by id (CDK context `-c profile=…`, or POSTA_PROFILE) and validates it. */
export function loadProfile(id: string | undefined): Profile {
  return validateProfile(findProfile(id));
}
