import { findProfile } from '../profiles/bundled-profiles';

/**
 * The deployment's profile, chosen by POSTA_PROFILE. Not validated again at cold start: the
 * profiles are code bundled into the function, and `cdk synth` and `npm start` validate the chosen
 * one (`loadProfile`) before any function runs with it, as the unit tests validate every profile.
 */
export const profile = findProfile(process.env.POSTA_PROFILE);
