import { useCallback, useState } from 'react';
import { ApiError, asProblem } from '../../api/client';
import { useApp } from '../../app/context';

/**
 * Downloads a CSV route of the API (`/v1/audit.csv`, `/v1/institutions/{code}/members.csv` …)
 * with the user's token, and saves it under `filename`. A link cannot carry the token, so the
 * file is fetched and handed to the browser as a blob. Errors come back as `ApiError`, for
 * `ProblemAlert`.
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
        const token = await sessions.accessToken();
        let response: Response;
        try {
          response = await fetch(new URL(path, config.apiUrl || window.location.origin), {
            headers: { ...(token && { authorization: `Bearer ${token}` }), 'accept-language': document.documentElement.lang },
          });
        } catch {
          throw new ApiError(0, null);
        }
        if (!response.ok) throw new ApiError(response.status, asProblem(await response.json().catch(() => null)));
        saveBlob(await response.blob(), filename);
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
