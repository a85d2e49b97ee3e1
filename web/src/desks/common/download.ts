import { useCallback, useState } from 'react';
import { ApiError, asProblem } from '../../api/client';
import { useApp } from '../../app/context';

/** At most this many pages make one file (the audit CSV: 1,000 records a page). */
export const MAX_CSV_PAGES = 100;

/**
 * One CSV file from its pages as the API sends them: the first whole (byte-order mark and header
 * line), every later one without its byte-order mark and header line.
 */
export function joinCsvPages(pages: readonly string[]): string {
  return pages.map((page, i) => (i === 0 ? page : page.replace(/^\uFEFF/, '').replace(/^[^\n]*\n/, ''))).join('');
}

/** The path of the next page: the same path with `cursor` set to what `x-next-cursor` gave. */
export function nextPagePath(path: string, cursor: string): string {
  const url = new URL(path, 'http://posta.invalid');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

/**
 * Downloads a CSV route of the API (`/v1/audit.csv`, `/v1/institutions/{code}/members.csv` …)
 * with the user's token, and saves it under `filename`. A link cannot carry the token, so the
 * file is fetched and handed to the browser as a blob. A route that pages its CSV (the next
 * page's cursor in `x-next-cursor`) is followed page after page, so the file is whole (up to
 * `MAX_CSV_PAGES`). Errors come back as `ApiError`, for `ProblemAlert`.
 */
export function useDownload(): { download(path: string, filename: string): Promise<void>; busy: boolean; error: unknown } {
  const { config, sessions } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const download = useCallback(
    async (path: string, filename: string) => {
      setBusy(true);
      setError(undefined);
      try {
        const pages: string[] = [];
        let type = 'text/csv; charset=utf-8';
        for (let next: string | null = path; next && pages.length < MAX_CSV_PAGES; ) {
          const token = await sessions.accessToken();
          let response: Response;
          try {
            response = await fetch(new URL(next, config.apiUrl || window.location.origin), {
              headers: { ...(token && { authorization: `Bearer ${token}` }), 'accept-language': document.documentElement.lang },
            });
          } catch {
            throw new ApiError(0, null);
          }
          if (!response.ok) throw new ApiError(response.status, asProblem(await response.json().catch(() => null)));
          type = response.headers.get('content-type') ?? type;
          pages.push(await response.text());
          const cursor = response.headers.get('x-next-cursor');
          next = cursor ? nextPagePath(path, cursor) : null;
        }
        saveBlob(new Blob([joinCsvPages(pages)], { type }), filename);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [config.apiUrl, sessions],
  );
  return { download, busy, error };
}

/** Hands a file made in the page (a fetched CSV, a table of figures) to the browser to save as `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
