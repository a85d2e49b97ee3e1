import { itMiur } from './it-miur';
import { PROFILE_IDS, type ProfileId } from './profile-ids';
import type { Profile } from './profile-schema';
import { ruMoscow } from './ru-moscow';
import { trMeb } from './tr-meb';

const PROFILES: Record<ProfileId, Profile> = { 'it-miur': itMiur, 'ru-moscow': ruMoscow, 'tr-meb': trMeb };

export class ProfileError extends Error {}

/**
 * The profile with this id, as written, without validating it: for functions at cold start, whose
 * profile `cdk synth` and `npm start` have already validated (`loadProfile`) before deploying or
 * running them. Everything else uses `loadProfile`.
 */
export function findProfile(id: string | undefined): Profile {
  if (!id) throw new ProfileError(`No Posta profile chosen: use one of ${PROFILE_IDS.join(', ')}`);
  const profile = PROFILES[id as ProfileId];
  if (!profile) throw new ProfileError(`Unknown Posta profile "${id}": use one of ${PROFILE_IDS.join(', ')}`);
  return profile;
}
