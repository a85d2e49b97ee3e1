import { describe, expect, it } from 'vitest';
import { addressFromName, addressFromOldAddress, allocateAddress, isEmailAddress, nameFragment } from '../../shared/staff/address';
import { transliterate } from '../../shared/staff/transliterate';

const it_ = { oldMailDomain: 'istruzione.it', newMailDomain: 'posta.istruzione.it' };
const ru = { oldMailDomain: null, newMailDomain: 'edu.mos.ru' };

describe('transliterate', () => {
  it('romanizes Russian per ICAO Doc 9303 (Russian passports)', () => {
    expect(transliterate('Иван Петров')).toBe('ivan petrov');
    expect(transliterate('Юлия Щукина')).toBe('iuliia shchukina');
    expect(transliterate('Жанна Хабибуллина')).toBe('zhanna khabibullina');
    expect(transliterate('Цой Чайковский')).toBe('tsoi chaikovskii');
    expect(transliterate('Артём Объедков')).toBe('artem obieedkov');
    expect(transliterate('Игорь Эрмлер Быков')).toBe('igor ermler bykov');
  });

  it('folds Turkish and Italian letters', () => {
    expect(transliterate('Şükrü Çağlayan')).toBe('sukru caglayan');
    expect(transliterate('İLKNUR IŞIK Ayşegül Öztürk')).toBe('ilknur isik aysegul ozturk');
    expect(transliterate('Niccolò Nicolò Fabrizio Pèrè Zuccà')).toBe('niccolo nicolo fabrizio pere zucca');
  });
});

describe('addresses', () => {
  it('builds given.family from names', () => {
    expect(addressFromName('Иван', 'Петров', 'edu.mos.ru')).toBe('ivan.petrov@edu.mos.ru');
    expect(addressFromName('Şükrü', 'Çağlayan', 'meb.k12.tr')).toBe('sukru.caglayan@meb.k12.tr');
    expect(addressFromName('Niccolò', "D'Angelo", 'posta.istruzione.it')).toBe('niccolo.dangelo@posta.istruzione.it');
    expect(addressFromName(' Maria  Grazia ', 'De Luca', 'posta.istruzione.it')).toBe('mariagrazia.deluca@posta.istruzione.it');
    expect(addressFromName('Anna-Maria', 'D’Amico -- Rossi', 'posta.istruzione.it')).toBe('anna-maria.damico-rossi@posta.istruzione.it');
    expect(addressFromName('李', 'Rossi', 'posta.istruzione.it')).toBeNull();
  });

  it('keeps name-built local parts short enough for a suffix', () => {
    const address = addressFromName('A'.repeat(40), 'B'.repeat(40), 'x.it');
    expect(address?.split('@')[0]?.length).toBeLessThanOrEqual(60);
    expect(isEmailAddress(address ?? '')).toBe(true);
  });

  it('name fragments contain only [a-z0-9-]', () => {
    for (const name of ["O'Neil-", '  --Łukasz ', 'Ærø 3rd', 'J. R. R.']) expect(nameFragment(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('migrates the old local part to the new domain', () => {
    expect(addressFromOldAddress('Mario.Rossi@Istruzione.it', it_)).toEqual({ ok: true, address: 'mario.rossi@posta.istruzione.it' });
    expect(addressFromOldAddress('mario.rossi@gmail.com', it_)).toMatchObject({ ok: false, code: 'old_address_domain' });
    expect(addressFromOldAddress('mario.rossi@posta.istruzione.it', it_)).toMatchObject({ ok: false, code: 'old_address_domain' });
    expect(addressFromOldAddress('ivan@mos.ru', ru)).toMatchObject({ ok: false, code: 'old_address_domain' });
  });

  it('allocates base, then base2, base3 … deterministically', async () => {
    const taken = new Set(['mario.rossi@d.it', 'mario.rossi2@d.it']);
    expect(await allocateAddress('luca.bianchi@d.it', (a) => taken.has(a))).toBe('luca.bianchi@d.it');
    expect(await allocateAddress('mario.rossi@d.it', (a) => taken.has(a))).toBe('mario.rossi3@d.it');
    expect(await allocateAddress('mario.rossi@d.it', async (a) => taken.has(a))).toBe('mario.rossi3@d.it');
  });

  it('allocates namesakes of one file in row order', async () => {
    const taken = new Set<string>();
    const out: string[] = [];
    for (let i = 0; i < 3; i++) {
      const address = await allocateAddress('mario.rossi@d.it', (a) => taken.has(a));
      taken.add(address);
      out.push(address);
    }
    expect(out).toEqual(['mario.rossi@d.it', 'mario.rossi2@d.it', 'mario.rossi3@d.it']);
  });
});
