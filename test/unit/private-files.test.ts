import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePrivateDir, writePrivateFile } from '../../local/support/private-files';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('local state files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posta-private-'));
  afterEach(() => rmSync(join(dir, 'x'), { recursive: true, force: true }));

  it('tightens a file an older run left world-readable (the mode given to open applies only on create)', () => {
    const file = join(dir, 'runtime.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o644);
    writePrivateFile(file, '{"env":{}}');
    expect(mode(file)).toBe('600');
  });

  it('makes and tightens folders to 0700', () => {
    const folder = join(dir, 'x', 'state');
    makePrivateDir(folder);
    expect(mode(folder)).toBe('700');
    chmodSync(folder, 0o755);
    makePrivateDir(folder);
    expect(mode(folder)).toBe('700');
  });
});
