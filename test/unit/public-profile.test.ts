import { describe, expect, it } from 'vitest';
import { publicProfileSchema } from '../../shared/api/profile-schemas';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { publicProfile } from '../../shared/profiles/public-profile';

describe('GET /v1/profile body', () => {
  it.each(PROFILE_IDS)('%s: matches its documented schema and names exactly the public fields', (id) => {
    const body = publicProfile(loadProfile(id));
    expect(publicProfileSchema.strict().parse(body)).toEqual(body);
    // Settings that steer the back end (SMS sender, email sender, quotas, retention) stay private.
    const text = JSON.stringify(body);
    const profile = loadProfile(id);
    for (const hidden of [profile.emailFrom, profile.smsSenderId]) expect(text).not.toContain(`"${hidden}"`);
    expect(Object.keys(body).sort()).toEqual(Object.keys(publicProfileSchema.shape).sort());
  });

  it('activation is offered where accounts are created by activation only (ru-moscow)', () => {
    expect(PROFILE_IDS.filter((id) => publicProfile(loadProfile(id)).flows.activation)).toEqual(['ru-moscow']);
  });
});
