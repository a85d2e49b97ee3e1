import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: handlers have many event shapes; callers know theirs.
export type AnyHandler = (event: any, context: any) => Promise<any>;

const ROOT = join(import.meta.dirname, '..');
const cache = new Map<string, Promise<AnyHandler>>();

/**
 * Imports a handler module named in the catalog (relative to the repo root), once per
 * `instance`. Like Lambda's execution environments, each instance has its own module state (a
 * consumer's batch processor keeps the batch it is working on), so concurrent pollers of one
 * queue must each use their own instance.
 */
export function loadHandler(modulePath: string, instance = 0): Promise<AnyHandler> {
  const key = `${modulePath}#${instance}`;
  let loaded = cache.get(key);
  if (!loaded) {
    const url = pathToFileURL(join(ROOT, modulePath)).href + (instance ? `?instance=${instance}` : '');
    loaded = import(url).then((m) => {
      if (typeof m.handler !== 'function') throw new Error(`${modulePath} does not export a handler`);
      return m.handler as AnyHandler;
    });
    cache.set(key, loaded);
  }
  return loaded;
}
