import { profile } from '../../shared/config/profile';
import { httpRoute } from '../../shared/http/route';
import { publicProfile } from '../../shared/profiles/public-profile';

const body = publicProfile(profile);

/** The deployment's public profile: the console reads it before anyone signs in. It changes only with a deployment. */
export const handler = httpRoute({ auth: 'public' }, async () => ({
  status: 200,
  body,
  headers: { 'cache-control': 'public, max-age=300' },
}));
