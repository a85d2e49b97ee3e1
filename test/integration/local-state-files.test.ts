import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const { runtime } = inject('stack');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the local state folder keeps its keys to its owner', () => {
  it('is 0700, and the files with keys, passwords and client secrets are 0600', () => {
    expect(mode(runtime.stateDir).toString(8)).toBe('700');
    // runtime.json carries every secret's value (the handlers' environment), secrets.json the
    // keys themselves, demo-users.json passwords, resources.json the mail router's client secret.
    for (const file of ['runtime.json', 'secrets.json', 'demo-users.json', 'resources.json']) {
      expect({ file, mode: mode(join(runtime.stateDir, file)).toString(8) }).toEqual({ file, mode: '600' });
    }
  });
});
