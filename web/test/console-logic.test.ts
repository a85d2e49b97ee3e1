import { describe, expect, it, vi } from 'vitest';
import { passwordPolicy } from '../../shared/identity/password-policy';
import { policyViolations } from '../../shared/passwords/check-password';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { publicProfile } from '../../shared/profiles/public-profile';
import { findRoute, matchPath, menuFor, type RouteDef } from '../src/app/menu';
import { normalizeLogin, safeNext } from '../src/auth/login';
import { meetsPolicy, passwordChecks } from '../src/auth/password-rules';
import { createSessionStore } from '../src/auth/session';
import { parseConfig } from '../src/config';

const profile = publicProfile(loadProfile('ru-moscow'));
const page = () => null;

describe('password rules shown as the user types', () => {
  const samples = [
    '',
    'short',
    'alllowercase12!',
    'ALLUPPER12!X',
    'NoDigitsHere!!',
    'NoSymbols1234',
    ' Leading-Space1',
    'Trailing-Space1 ',
    'Good-Passw0rd!',
    'Mid dle-Space1A',
    'Ünïcode-Pass1',
    'x'.repeat(11),
  ];

  it.each(PROFILE_IDS)('agree with the server’s check for %s (shared/passwords/check-password.ts)', (id) => {
    const server = passwordPolicy(loadProfile(id));
    const shown = publicProfile(loadProfile(id)).passwordPolicy;
    for (const sample of samples)
      expect(meetsPolicy(sample, shown), JSON.stringify(sample)).toBe(policyViolations(sample, server).length === 0);
  });

  it('name each rule in order, met or not', () => {
    expect(passwordChecks('abc', profile.passwordPolicy)).toEqual([
      { rule: 'minLength', ok: false },
      { rule: 'lowercase', ok: true },
      { rule: 'uppercase', ok: false },
      { rule: 'digit', ok: false },
      { rule: 'symbol', ok: false },
      { rule: 'noEdgeSpace', ok: true },
    ]);
  });
});

describe('pages and menus', () => {
  const routes: RouteDef[] = [
    { path: '/sign-in', page },
    { path: '/activate', page, offered: (p) => p.flows.activation },
    { path: '/account', page, access: { signedIn: true }, menu: 'account.title' },
    // An admin desk of issue #16: lazy, for school admins and operators only.
    { path: '/imports', page, access: { signedIn: true, roles: ['school-admin', 'operator'] }, menu: 'app.product' },
    { path: '/imports/:jobId', page, access: { signedIn: true, roles: ['school-admin', 'operator'] }, menu: 'app.product' },
  ];

  it('offer a page only where the profile has the flow', () => {
    expect(findRoute('/activate', profile, routes)?.route.path).toBe('/activate');
    expect(findRoute('/activate', publicProfile(loadProfile('it-miur')), routes)).toBeUndefined();
    expect(findRoute('/nowhere', profile, routes)).toBeUndefined();
  });

  it('show each user only the desks their roles open', () => {
    expect(menuFor(['staff'], profile, routes).map((m) => m.path)).toEqual(['/account']);
    expect(menuFor(['school-admin'], profile, routes).map((m) => m.path)).toEqual(['/account', '/imports']);
  });

  it('match pages with parameters, decoded, one segment each', () => {
    expect(findRoute('/imports/job%2F1', profile, routes)).toMatchObject({
      route: { path: '/imports/:jobId' },
      params: { jobId: 'job/1' },
    });
    expect(matchPath('/imports/:jobId', '/imports/')).toBeNull();
    expect(matchPath('/imports/:jobId', '/imports/a/b')).toBeNull();
    expect(matchPath('/imports/:jobId', '/imports/%E0%A4%A')).toBeNull();
    expect(matchPath('/imports', '/imports')).toEqual({});
  });
});

describe('sign-in helpers', () => {
  it('go back only to a page of the console after signing in', () => {
    expect(safeNext('/account')).toBe('/account');
    expect(safeNext('//evil.example/x')).toBe('/account');
    expect(safeNext('https://evil.example')).toBe('/account');
    expect(safeNext(null)).toBe('/account');
  });

  it('take a login as typed: trimmed, lower case, the domain added to a bare name', () => {
    expect(normalizeLogin('  Mario.Rossi ', 'posta.istruzione.it')).toBe('mario.rossi@posta.istruzione.it');
    expect(normalizeLogin('Mario.Rossi@Posta.Istruzione.it', 'posta.istruzione.it')).toBe('mario.rossi@posta.istruzione.it');
    // A Turkish keyboard with caps lock types İ for i; NFD and full-width forms are the same login.
    expect(normalizeLogin(' İLKER.ISIK ', 'meb.k12.tr')).toBe('ilker.isik@meb.k12.tr');
    expect(normalizeLogin('İLKER.ISIK'.normalize('NFD'), 'meb.k12.tr')).toBe('ilker.isik@meb.k12.tr');
    expect(normalizeLogin('ｉｌｋｅｒ.ｉｓｉｋ', 'meb.k12.tr')).toBe('ilker.isik@meb.k12.tr');
  });
});

describe('config.json', () => {
  it('is read strictly: every field a string, the API URL without its trailing slash', () => {
    expect(
      parseConfig({
        apiUrl: 'https://x.execute-api.eu-south-1.amazonaws.com/',
        region: 'eu-south-1',
        userPoolId: 'p',
        userPoolClientId: 'c',
      }),
    ).toEqual({
      apiUrl: 'https://x.execute-api.eu-south-1.amazonaws.com',
      region: 'eu-south-1',
      userPoolId: 'p',
      userPoolClientId: 'c',
    });
    expect(() => parseConfig({ apiUrl: '', region: 1 })).toThrow(/region/);
  });
});

describe('the session', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => data.set(k, v),
      removeItem: (k: string) => data.delete(k),
    } as unknown as Storage;
  };
  const tokens = (expiresAt: number, accessToken = 'access-1') => ({ accessToken, refreshToken: 'refresh-1', expiresAt });

  it('gives the access token while it is fresh, refreshes it once when it is about to expire', async () => {
    const refresh = vi.fn(async () => tokens(Date.now() + 3_600_000, 'access-2'));
    const store = createSessionStore({ refresh, revoke: vi.fn() }, memory());
    store.start('a@b.c', tokens(Date.now() + 3_600_000));
    expect(await store.accessToken()).toBe('access-1');
    store.start('a@b.c', tokens(Date.now() + 10_000));
    const [one, two] = await Promise.all([store.accessToken(), store.accessToken()]);
    expect([one, two]).toEqual(['access-2', 'access-2']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the refresh is refused, and revokes the refresh token on sign-out', async () => {
    const revoke = vi.fn(async () => undefined);
    const store = createSessionStore({ refresh: vi.fn(async () => Promise.reject(new Error('NotAuthorizedException'))), revoke }, memory());
    store.start('a@b.c', tokens(Date.now()));
    expect(await store.accessToken()).toBeNull();
    expect(store.current()).toBeNull();
    store.start('a@b.c', tokens(Date.now() + 3_600_000));
    await store.signOut();
    expect(revoke).toHaveBeenCalledWith('refresh-1');
    expect(store.current()).toBeNull();
  });
});
