import { type ComponentType, lazy } from 'react';

/**
 * A page loaded on first visit, as a chunk of its own; `preload()` fetches it ahead (the console
 * does so for the staff pages the profile offers once the first page is up and the browser is
 * idle; admin desks are fetched only when opened).
 */
export function lazyPage<T extends Record<string, unknown>>(
  load: () => Promise<T>,
  name: keyof T,
): { page: ComponentType; preload(): void } {
  const once = () => load().then((m) => ({ default: m[name] as ComponentType }));
  let loading: ReturnType<typeof once> | undefined;
  const cached = () => {
    loading ??= once();
    return loading;
  };
  return { page: lazy(cached), preload: () => void cached().catch(() => undefined) };
}
