import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: handlers have many event shapes; callers know theirs.
export type AnyHandler = (event: any, context: any) => Promise<any>;

const ROOT = join(import.meta.dirname, '..');
const cache = new Map<string, Promise<AnyHandler>>();

/** Imports a handler module named in the catalog (relative to the repo root), once. */
export function loadHandler(modulePath: string): Promise<AnyHandler> {
  let loaded = cache.get(modulePath);
  if (!loaded) {
    loaded = import(pathToFileURL(join(ROOT, modulePath)).href).then((m) => {
      if (typeof m.handler !== 'function') throw new Error(`${modulePath} does not export a handler`);
      return m.handler as AnyHandler;
    });
    cache.set(modulePath, loaded);
  }
  return loaded;
}
