import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: catalog handler paths (`functions/...`) are relative to it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const fromRoot = (relative: string): string => join(ROOT, relative);
