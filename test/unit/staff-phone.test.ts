import { describe, expect, it } from 'vitest';
import { validatePhone } from '../../shared/staff/phone';

describe('validatePhone', () => {
  it('accepts mobiles in the profile region and returns E.164', () => {
    expect(validatePhone('+39 347 123 4567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('347 1234567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('0039 347 1234567', 'IT')).toEqual({ ok: true, e164: '+393471234567' });
    expect(validatePhone('+7 912 345-67-89', 'RU')).toEqual({ ok: true, e164: '+79123456789' });
    expect(validatePhone('8 (912) 345-67-89', 'RU')).toEqual({ ok: true, e164: '+79123456789' });
    expect(validatePhone('0532 123 45 67', 'TR')).toEqual({ ok: true, e164: '+905321234567' });
  });

  it('accepts a foreign mobile written with its country code', () => {
    expect(validatePhone('+39 347 123 4567', 'TR')).toEqual({ ok: true, e164: '+393471234567' });
  });

  it('rejects fixed lines: credentials go by SMS', () => {
    expect(validatePhone('+39 06 1234 5678', 'IT')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('+7 495 123-45-67', 'RU')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
    expect(validatePhone('0312 123 45 67', 'TR')).toMatchObject({ ok: false, code: 'phone_not_mobile' });
  });

  it('rejects what is not a phone number', () => {
    for (const raw of ['', 'n/a', '123', '+39 347', '+44 7700 900123 ext. call after 6pm please thanks']) {
      expect(validatePhone(raw, 'IT')).toMatchObject({ ok: false, code: 'phone_invalid' });
    }
  });
});
