import { describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profiles/profile-schema';
import { validatePhone } from '../../shared/staff/phone';

type Region = Profile['phoneRegion'];

describe('validatePhone', () => {
  it('accepts mobiles in the profile region and returns E.164', () => {
    expect(validatePhone('+39 347 123 4567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('347 1234567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('0039 347 1234567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('+7 912 345-67-89', 'RU')).toEqual({ ok: true, e164: '+79123456789' });
    expect(validatePhone('8 (912) 345-67-89', 'RU')).toEqual({ ok: true, e164: '+79123456789' });
    expect(validatePhone('0532 123 45 67', 'TR')).toEqual({ ok: true, e164: '+905321234567' });
  });

  // How HR exports and people write the same mobile: national prefix (0 in Turkey, 8 in Russia),
  // country code with +, with 00, or bare (a spreadsheet dropped the +), spaces, no-break spaces,
  // parentheses, dashes, dots, slashes, a leading apostrophe (Excel's text marker), full-width digits.
  const written: Array<[Region, string, string]> = [
    ['IT', '+393471234567', '+393471234567'],
    ['IT', '347/1234567', '+393471234567'],
    ['IT', '347-123-4567', '+393471234567'],
    ['IT', '347.123.4567', '+393471234567'],
    ['IT', '(+39) 347 1234567', '+393471234567'],
    ['IT', '0039 3471234567', '+393471234567'],
    ['IT', '393471234567', '+393471234567'],
    ['IT', '39 347 1234567', '+393471234567'],
    ['IT', '347\u00a0123\u00a04567', '+393471234567'],
    ['IT', "'3471234567", '+393471234567'],
    ['IT', '＋３９ ３４７ １２３ ４５６７', '+393471234567'],
    ['IT', '+39 320 1234567', '+393201234567'],
    ['IT', '+39 351 1234567', '+393511234567'],
    ['IT', '+39 347 123456', '+39347123456'], // nine-digit mobiles are still in use (AGCOM plan)
    ['RU', '8-912-345-67-89', '+79123456789'],
    ['RU', '89123456789', '+79123456789'],
    ['RU', '79123456789', '+79123456789'],
    ['RU', '7 (912) 345 67 89', '+79123456789'],
    ['RU', '+7(912)3456789', '+79123456789'],
    ['RU', '9123456789', '+79123456789'],
    ['RU', '8 10 7 912 345 67 89', '+79123456789'], // Russia's own international prefix, 8~10
    ['RU', '007 912 345 67 89', '+79123456789'], // the ITU-recommended 00
    ['RU', '00 7 9123456789', '+79123456789'],
    ['RU', '+7\u00a0912\u00a0345\u201167\u201189', '+79123456789'],
    ['RU', '+7 999 123 45 67', '+79991234567'],
    ['RU', '+7 958 123 45 67', '+79581234567'],
    ['TR', '0 (532) 123 45 67', '+905321234567'],
    ['TR', '(0532) 123-45-67', '+905321234567'],
    ['TR', '+90 (532) 123 45 67', '+905321234567'],
    ['TR', '0090 532 123 45 67', '+905321234567'],
    ['TR', '90 532 123 4567', '+905321234567'],
    ['TR', '905321234567', '+905321234567'],
    ['TR', '5321234567', '+905321234567'], // Excel dropped the leading 0
    ['TR', '+90 505 123 45 67', '+905051234567'],
    ['TR', '+90 544 123 45 67', '+905441234567'],
    ['TR', '+90 555 123 45 67', '+905551234567'],
    ['TR', '+90 516 123 45 67', '+905161234567'],
  ];
  it.each(written)('%s: %j is the mobile %s', (region, raw, e164) => {
    expect(validatePhone(raw, region)).toEqual({ ok: true, e164 });
  });

  it('accepts a foreign mobile written with its country code', () => {
    expect(validatePhone('+39 347 123 4567', 'TR')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('0039 347 123 4567', 'RU')).toEqual({ ok: true, e164: '+393471234567' });
  });

  it('rejects fixed lines: credentials go by SMS', () => {
    expect(validatePhone('+39 06 1234 5678', 'IT')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('+7 495 123-45-67', 'RU')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('8 (495) 123-45-67', 'RU')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('007 495 123 45 67', 'RU')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('0312 123 45 67', 'TR')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
  });

  const invalid: Array<[Region, string]> = [
    ['IT', ''],
    ['IT', 'n/a'],
    ['IT', '123'],
    ['IT', '+39 347'],
    ['IT', '+44 7700 900123 ext. call after 6pm please thanks'],
    ['IT', '+39 0347 1234567'], // a mobile written with a trunk 0 it does not have
    ['RU', '+7 912 345 67'],
    ['RU', '00 7 912 345 67'], // 00 read as international, still too short
    ['RU', '000 912 345 67 89'],
    ['TR', '+90 561 123 45 67'], // 561 is not an assigned mobile range
    ['TR', '0532 123 45'],
  ];
  it.each(invalid)('%s: %j is no phone number', (region, raw) => {
    expect(validatePhone(raw, region)).toMatchObject({ ok: false, code: 'phone_invalid' });
  });
});
