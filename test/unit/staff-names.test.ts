import { describe, expect, it } from 'vitest';
import { forgotPasswordBody } from '../../shared/api/password-schemas';
import { sharedMailboxParams } from '../../shared/api/support-schemas';
import { classify } from '../../shared/lookups/member-search';
import { foldName } from '../../shared/lookups/search-keys';
import { addressFromName, isEmailAddress } from '../../shared/staff/address';
import { foldLogin, foldMemberLogin } from '../../shared/staff/login';
import { transliterate } from '../../shared/staff/transliterate';

/**
 * Real-shaped staff names of the three profiles and the mailbox each must get, spelled out.
 * Russian by ICAO Doc 9303 Part 3 (the table of Russian passports, FMS order No. 320 of
 * 15.10.2012: ж zh, х kh, ц ts, щ shch, ы y, ъ ie, ь dropped, ю iu, я ia, ё e, й i); Turkish and
 * Italian letters folded to their base letter; apostrophes and spaces dropped, hyphens kept.
 */
const NAMES: ReadonlyArray<[given: string, family: string, domain: string, address: string]> = [
  // ru-moscow
  ['Юлия', 'Щукина', 'edu.mos.ru', 'iuliia.shchukina@edu.mos.ru'],
  ['Пётр', 'Дьячков', 'edu.mos.ru', 'petr.diachkov@edu.mos.ru'],
  ['Семён', 'Ёлкин', 'edu.mos.ru', 'semen.elkin@edu.mos.ru'],
  ['Артём', 'Объедков', 'edu.mos.ru', 'artem.obieedkov@edu.mos.ru'],
  ['Николай', 'Римский-Корсаков', 'edu.mos.ru', 'nikolai.rimskii-korsakov@edu.mos.ru'],
  ['Анна Мария', 'Хабибуллина', 'edu.mos.ru', 'annamariia.khabibullina@edu.mos.ru'],
  ['Анна-Мария', 'Цой', 'edu.mos.ru', 'anna-mariia.tsoi@edu.mos.ru'],
  ['ЮЛИЯ', 'ЖУКОВА', 'edu.mos.ru', 'iuliia.zhukova@edu.mos.ru'],
  ['Эдуард', 'Подъячев', 'edu.mos.ru', 'eduard.podieiachev@edu.mos.ru'],
  ['Ян', 'Ли', 'edu.mos.ru', 'ian.li@edu.mos.ru'],
  ['Јован', 'Његош', 'edu.mos.ru', 'jovan.njegosh@edu.mos.ru'], // Serbian letters of the ICAO table
  // The same names written decomposed (NFD: й = и + U+0306, ё = е + U+0308), as some HR tools do.
  ['Андрей'.normalize('NFD'), 'Ёлкин'.normalize('NFD'), 'edu.mos.ru', 'andrei.elkin@edu.mos.ru'],
  // tr-meb
  ['İlker', 'Işık', 'meb.k12.tr', 'ilker.isik@meb.k12.tr'],
  ['İLKER', 'IŞIK', 'meb.k12.tr', 'ilker.isik@meb.k12.tr'],
  ['Çağrı', 'Öztürk', 'meb.k12.tr', 'cagri.ozturk@meb.k12.tr'],
  ['Şükrü', 'Güneş', 'meb.k12.tr', 'sukru.gunes@meb.k12.tr'],
  ['Ayşe Gül', 'Ağaoğlu', 'meb.k12.tr', 'aysegul.agaoglu@meb.k12.tr'],
  ['Şükrü'.normalize('NFD'), 'Güneş'.normalize('NFD'), 'meb.k12.tr', 'sukru.gunes@meb.k12.tr'],
  // it-miur
  ['Maria', "D'Angelo", 'posta.istruzione.it', 'maria.dangelo@posta.istruzione.it'],
  ['Luca', 'De Luca', 'posta.istruzione.it', 'luca.deluca@posta.istruzione.it'],
  ['Giovanni', 'Dell’Acqua', 'posta.istruzione.it', 'giovanni.dellacqua@posta.istruzione.it'],
  ['Giovanni', "Dell' Acqua", 'posta.istruzione.it', 'giovanni.dellacqua@posta.istruzione.it'],
  ['Niccolò', 'Lo Iacono', 'posta.istruzione.it', 'niccolo.loiacono@posta.istruzione.it'],
  ['Zoë', 'Dall’Oglio', 'posta.istruzione.it', 'zoe.dalloglio@posta.istruzione.it'],
  ['Zoë'.normalize('NFD'), 'Bianchi', 'posta.istruzione.it', 'zoe.bianchi@posta.istruzione.it'],
  ['Maria Grazia', 'Di Giovanni De Santis', 'posta.istruzione.it', 'mariagrazia.digiovannidesantis@posta.istruzione.it'],
  // Compatibility forms (UAX #15 NFKC): full-width letters from an input method, the ﬁ ligature.
  ['Ａｎｎａ', 'Ｒｏｓｓｉ', 'posta.istruzione.it', 'anna.rossi@posta.istruzione.it'],
  ['ﬁorella', 'Coﬀa', 'posta.istruzione.it', 'fiorella.coffa@posta.istruzione.it'],
];

describe('addresses built from real-shaped names', () => {
  it.each(NAMES)('%s %s → %s', (given, family, domain, address) => {
    expect(addressFromName(given, family, domain)).toBe(`${address.split('@')[0]}@${domain}`);
    expect(isEmailAddress(address)).toBe(true);
    // RFC 5321 §4.1.2 dot-string: atoms of letters, digits and hyphens joined by single dots.
    expect(address.split('@')[0]).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/);
  });

  it('a long Italian name stays within RFC 5321’s 64-character local part, room left for a suffix', () => {
    const address = addressFromName(
      'Maria Immacolata Addolorata Giuseppina',
      'Della Valle Sant’Angelo dei Lombardi',
      'posta.istruzione.it',
    );
    expect(address).toBe('mariaimmacolataaddoloratagiuseppina.dellavallesantangelodeil@posta.istruzione.it');
    expect(isEmailAddress(address ?? '')).toBe(true);
  });

  it('a name with nothing romanizable gives no address (the row then needs an old address), never an empty local part', () => {
    expect(addressFromName('Maria', "'- -'", 'posta.istruzione.it')).toBeNull();
    expect(addressFromName('李', 'Rossi', 'posta.istruzione.it')).toBeNull();
  });

  it('Russian follows ICAO Doc 9303 letter by letter', () => {
    expect(transliterate('абвгдеёжзийклмнопрстуфхцчшщъыьэюя')).toBe('abvgdeezhziiklmnoprstufkhtschshshchieyeiuia');
  });
});

describe('logins as people type them', () => {
  const address = 'ilker.isik@meb.k12.tr';
  it.each([
    ['ilker.isik@meb.k12.tr'],
    ['  ILKER.ISIK@MEB.K12.TR '],
    ['İLKER.ISIK@MEB.K12.TR'], // a Turkish keyboard with caps lock
    ['İlker.Işık@meb.k12.tr'],
    ['İLKER.ISIK@MEB.K12.TR'.normalize('NFD')], // I + U+0307
    ['i\u0307lker.isik@meb.k12.tr'], // 'İ'.toLowerCase() as a browser may have sent it
    ['ｉｌｋｅｒ.ｉｓｉｋ@meb.k12.tr'], // full-width
  ])('%j finds the account', (typed) => {
    expect(foldMemberLogin(typed)).toBe(address);
    expect(classify(typed, 'tckn')).toEqual({ kind: 'login', login: address });
    expect(forgotPasswordBody.parse({ login: typed })).toMatchObject({ login: address });
  });

  it('an administrator’s login is folded for case, spaces and Turkish İ/ı, its other letters kept (not ours to romanize)', () => {
    expect(foldLogin(' İLKER.ISIK@Example.org ')).toBe('ilker.isik@example.org');
    expect(foldLogin('José.Núñez@example.org')).toBe('josé.núñez@example.org');
    expect(foldMemberLogin('Niccolò.Rossi@posta.istruzione.it')).toBe('niccolo.rossi@posta.istruzione.it');
  });

  it('a shared mailbox’s address, typed by an agent, is folded the same way (it was refused as not an address)', () => {
    expect(sharedMailboxParams.parse({ address: ' SEGRETERİA.MEB@MEB.K12.TR ' })).toEqual({ address: 'segreteria.meb@meb.k12.tr' });
    expect(sharedMailboxParams.parse({ address: 'SEGRETERIA%40MEB.K12.TR' })).toEqual({ address: 'segreteria@meb.k12.tr' });
  });

  it('a login prefix at the support desk is folded the same way', () => {
    expect(classify('İLKER.IŞ', 'tckn')).toEqual({ kind: 'login-prefix', prefix: 'ilker.is' });
    expect(classify('Zoë.Bi'.normalize('NFD'), 'codice-fiscale')).toEqual({ kind: 'login-prefix', prefix: 'zoe.bi' });
  });

  it('the name search folds NFC and NFD alike, and Turkish capitals', () => {
    expect(foldName('Işık İlker')).toBe(foldName('ISIK ilker'));
    expect(foldName('Zoë'.normalize('NFD'))).toBe(foldName('Zoë'));
    expect(foldName('Ёлкин'.normalize('NFD'))).toBe(foldName('ЕЛКИН'));
  });
});
