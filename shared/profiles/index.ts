import { itMiur } from './it-miur';
import { PROFILE_IDS, type Profile, type ProfileId, profileSchema } from './profile-schema';
import { ruMoscow } from './ru-moscow';
import { trMeb } from './tr-meb';

export type { Locale, Profile, ProfileId } from './profile-schema';
export { LOCALES, PROFILE_IDS } from './profile-schema';

const PROFILES: Record<ProfileId, Profile> = { 'it-miur': itMiur, 'ru-moscow': ruMoscow, 'tr-meb': trMeb };

export class ProfileError extends Error {}

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
  if (!id) throw new ProfileError(`No Posta profile chosen: use one of ${PROFILE_IDS.join(', ')}`);
  const profile = PROFILES[id as ProfileId];
  if (!profile) throw new ProfileError(`Unknown Posta profile "${id}": use one of ${PROFILE_IDS.join(', ')}`);
  return validateProfile(profile);
}
