import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import { useApp } from '../../app/context';

export interface Action<T> {
  /** Runs the call (once at a time); its answer lands in `result`, a failure in `error`. */
  run(work: (api: Api) => Promise<T>): Promise<void>;
  busy: boolean;
  /** What the last run threw (an ApiError, or anything); show it with `ProblemAlert`. */
  error: unknown;
  /** The last run's answer, until the next run starts. */
  result: T | undefined;
}

/**
 * A desk's write or check (reset, unlock, verify, switch…): busy while it runs, then its answer or
 * its failure — shown by the page (`ProblemAlert` for the failure), never decided by the console.
 */
export function useAction<T>(): Action<T> {
  const { api } = useApp();
  const [state, setState] = useState<{ busy: boolean; error?: unknown; result?: T }>({ busy: false });
  const run = useCallback(
    async (work: (api: Api) => Promise<T>) => {
      setState({ busy: true });
      try {
        setState({ busy: false, result: await work(api) });
      } catch (error) {
        setState({ busy: false, error });
      }
    },
    [api],
  );
  return { run, busy: state.busy, error: state.error, result: state.result };
}
