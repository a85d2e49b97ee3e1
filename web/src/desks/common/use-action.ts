import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import { useApp } from '../../app/context';

export interface Action {
  /** Runs `work` with the typed API client: busy meanwhile; its failure kept in `error` (for `ProblemAlert`). True when it succeeded. */
  run(work: (api: Api) => Promise<unknown>): Promise<boolean>;
  busy: boolean;
  error: unknown;
  /** Forgets the last failure (a new attempt, a form closed). */
  clear(): void;
}

/**
 * One write a desk does (save, grant, cancel, approve): busy while it runs, and what failed kept
 * for `ProblemAlert` (403, validation fields …). The page reloads what it shows when it succeeded.
 */
export function useAction(): Action {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(
    async (work: (api: Api) => Promise<unknown>) => {
      setBusy(true);
      setError(undefined);
      try {
        await work(api);
        return true;
      } catch (e) {
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [api],
  );
  const clear = useCallback(() => setError(undefined), []);
  return { run, busy, error, clear };
}
