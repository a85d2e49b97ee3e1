import { isSupportedCountry } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { loadProfile, PROFILE_IDS, validateProfile } from '../../shared/profiles';
import { findProfile } from '../../shared/profiles/bundled-profiles';

describe('profiles', () => {
  it.each(PROFILE_IDS)('%s is valid', (id) => {
    expect(loadProfile(id).id).toBe(id);
  });

  // Functions read their profile with findProfile, unvalidated (validated at synth and start):
  // that is only the same profile while validating changes nothing (no defaults, no transforms).
  it.each(PROFILE_IDS)('%s as functions read it equals the validated one', (id) => {
    expect(findProfile(id)).toStrictEqual(loadProfile(id));
  });

  it('carries each ministry’s rules', () => {
    expect(loadProfile('ru-moscow')).toMatchObject({
      activationWindowDays: 60,
      temporaryPasswordDeadlineDays: 7,
      nationalIdKind: 'snils',
      oldMailDomain: null,
    });
    expect(loadProfile('tr-meb')).toMatchObject({ maxPasswordAgeDays: 30, expiryWarningDays: [7, 3, 1], nationalIdKind: 'tckn' });
    expect(loadProfile('it-miur')).toMatchObject({
      oldMailDomain: 'istruzione.it',
      newMailDomain: 'posta.istruzione.it',
      maxPasswordAgeDays: null,
    });
  });

  it('names the offending field of a bad profile', () => {
    const bad = { ...loadProfile('tr-meb'), newMailDomain: 'Not A Domain', smsSenderId: 'way-too-long-sender' };
    expect(() => validateProfile(bad)).toThrow(/Invalid Posta profile tr-meb:[\s\S]*field "newMailDomain"[\s\S]*field "smsSenderId"/);
  });

  it('refuses rules that contradict each other', () => {
    const p = loadProfile('tr-meb');
    expect(() => validateProfile({ ...p, expiryWarningDays: [1, 3] })).toThrow(
      /field "expiryWarningDays": must be distinct and largest first/,
    );
    expect(() => validateProfile({ ...p, expiryWarningDays: [30] })).toThrow(/must be shorter than maxPasswordAgeDays/);
    expect(() => validateProfile({ ...p, credentialDelivery: 'activation', activationWindowDays: null })).toThrow(
      /field "activationWindowDays"/,
    );
    expect(() => validateProfile({ ...p, unexpected: 1 })).toThrow(/unexpected/);
  });

  it('public SMS: regions libphonenumber-js knows, including the phone region; budgets within the deployment’s', () => {
    for (const id of PROFILE_IDS)
      for (const region of loadProfile(id).publicSms.countries) expect(isSupportedCountry(region), region).toBe(true);
    const p = loadProfile('it-miur');
    const sms = (over: object) => ({ ...p, publicSms: { ...p.publicSms, ...over } });
    expect(() => validateProfile(sms({ countries: ['FR'] }))).toThrow(/field "publicSms.countries": must include phoneRegion \(IT\)/);
    expect(() => validateProfile(sms({ countries: ['it'] }))).toThrow(/field "publicSms.countries.0": must be ISO 3166 alpha-2/);
    expect(() => validateProfile(sms({ perSourceIpHourly: 5_000 }))).toThrow(
      /field "publicSms.perSourceIpHourly": must not be more than globalHourly/,
    );
    expect(() => validateProfile({ ...p, channelChangeHoldHours: -1 })).toThrow(/field "channelChangeHoldHours"/);
  });

  it('refuses an unknown or missing profile id with the list of profiles', () => {
    expect(() => loadProfile('fr-men')).toThrow('Unknown Posta profile "fr-men": use one of it-miur, ru-moscow, tr-meb');
    expect(() => loadProfile(undefined)).toThrow(/No Posta profile chosen/);
    expect(() => findProfile('fr-men')).toThrow('Unknown Posta profile "fr-men": use one of it-miur, ru-moscow, tr-meb');
  });
});
