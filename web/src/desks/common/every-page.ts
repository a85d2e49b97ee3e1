import type { CursorPage } from './CursorTable';

/**
 * Every item of a listing, following the server's `nextCursor` page after page, for a picker
 * that must offer all of them (the lots of the reports desk: a few hundred at most). Stops after
 * `maxPages` and says so (`complete: false`), so a listing far larger than expected cannot keep
 * the page loading.
 */
export async function everyPage<T>(
  load: (cursor: string | undefined) => Promise<CursorPage<T>>,
  maxPages = 50,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const got = await load(cursor);
    items.push(...got.items);
    if (!got.nextCursor) return { items, complete: true };
    cursor = got.nextCursor;
  }
  return { items, complete: false };
}
