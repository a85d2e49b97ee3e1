import { join } from 'node:path';

/** The file through which `npm run job`, `npm run signin` and the tests find a running stack. */
export const runtimeFile = (stateDir: string) => join(stateDir, 'runtime.json');

/** `.posta/<profile>`: where `npm start` keeps a profile's state between runs (git-ignored). */
export function defaultStateDir(profileId: string): string {
  return join(import.meta.dirname, '..', '.posta', profileId);
}
