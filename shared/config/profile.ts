import { loadProfile } from '../profiles';

/** The deployment's profile, chosen by POSTA_PROFILE and validated at cold start. */
export const profile = loadProfile(process.env.POSTA_PROFILE);
