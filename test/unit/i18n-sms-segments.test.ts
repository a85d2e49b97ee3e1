import { describe, expect, it } from 'vitest';
import { isGsm7, smsSegments } from '../../shared/i18n/sms-segments';

describe('smsSegments', () => {
  it('counts an empty text as nothing to send', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
  });

  it('fits 160 GSM-7 characters in one SMS and splits 161 into two parts of 153', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('treats the whole GSM 03.38 basic table, including @ £ è Ç Δ and newline, as one septet each', () => {
    const basic =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(smsSegments(basic)).toEqual({ encoding: 'GSM-7', units: 127, segments: 1 });
  });

  it.each(['{', '}', '[', ']', '~', '\\', '^', '|', '€', '\f'])('counts the extension character %j as 2 septets', (ch) => {
    expect(smsSegments(ch)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    expect(smsSegments(`${'a'.repeat(158)}${ch}`)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(`${'a'.repeat(159)}${ch}`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('never splits an escape sequence across parts', () => {
    // 152 + 2 + 152 = 306 septets, but the € cannot straddle the first boundary: 152 | 154 → 3 parts.
    expect(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });

  it('switches to UCS-2 for a single character outside GSM-7', () => {
    expect(smsSegments(`${'a'.repeat(69)}ж`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`${'a'.repeat(70)}ж`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments(`${'a'.repeat(159)}’`).encoding).toBe('UCS-2');
  });

  it.each(['ı', 'ş', 'ğ', 'İ', 'ç', 'ü'])('assumes no Turkish shift table: %s alone is UCS-2 unless in the basic table', (ch) => {
    expect(smsSegments(ch).encoding).toBe(ch === 'ü' ? 'GSM-7' : 'UCS-2');
  });

  it('fits 70 UCS-2 units in one SMS and splits 71 into parts of 67', () => {
    expect(smsSegments('ж'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ж'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments('ж'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ж'.repeat(135)).segments).toBe(3);
  });

  it('counts UTF-16 code units, so an emoji costs 2, and never splits a surrogate pair', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments(`${'ж'.repeat(68)}😀`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`${'ж'.repeat(69)}😀`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments(`${'ж'.repeat(66)}😀${'ж'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  });

  it('tells GSM-7 text apart', () => {
    expect(isGsm7('mario.rossi2@posta.istruzione.it Ab3#Kx9=?@mn+%')).toBe(true);
    expect(isGsm7('Geçici parola')).toBe(false);
  });
});
