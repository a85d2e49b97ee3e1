import * as real from '@aws-sdk/credential-provider-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lambda from '../../infra/lambda-credentials/index';

const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE'];

// The deployed bundles get infra/lambda-credentials instead of the SDK's default credential chain
// (see infra/bundle-options.ts): every SDK client must find the names it imports, and the
// credentials Lambda puts in the environment.
describe("the SDK's default credential chain, cut to its environment link", () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    for (const k of KEYS) delete process.env[k];
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('exports every name the real module exports', () => {
    // `default` (and, from Node 23, `module.exports`) is the CommonJS interop Node adds to the real
    // module's namespace, not an export of it.
    const names = (m: object) =>
      Object.keys(m)
        .filter((k) => k !== 'default' && k !== 'module.exports')
        .sort();
    expect(names(lambda)).toEqual(names(real));
  });

  it('resolves the credentials Lambda sets in environment variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'session';
    const credentials = await lambda.defaultProvider()();
    expect(credentials).toMatchObject({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
    expect(credentials.expiration).toBeUndefined();
    expect(lambda.credentialsWillNeedRefresh(credentials)).toBe(false);
  });

  it('fails, as the real chain does, when the environment has no credentials', async () => {
    await expect(lambda.defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });

  it('treats credentials as the real module does when they expire', () => {
    const soon = { accessKeyId: 'a', secretAccessKey: 's', expiration: new Date(Date.now() + 60_000) };
    const later = { ...soon, expiration: new Date(Date.now() + 3_600_000) };
    for (const c of [soon, later]) {
      expect(lambda.credentialsWillNeedRefresh(c)).toBe(real.credentialsWillNeedRefresh(c));
      expect(lambda.credentialsTreatedAsExpired(c)).toBe(real.credentialsTreatedAsExpired(c));
    }
    expect(lambda.credentialsTreatedAsExpired(soon)).toBe(true);
    expect(lambda.credentialsTreatedAsExpired(later)).toBe(false);
  });
});
