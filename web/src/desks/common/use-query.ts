import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { type Api, call } from '../../api/client';
import { useApp } from '../../app/context';

export interface Query<T> {
  data: T | undefined;
  /** What the last read threw (an ApiError, or anything); show it with `ProblemAlert`. */
  error: unknown;
  loading: boolean;
  /** Reads again (after an action changed what the page shows, or on "refresh"). */
  reload(): void;
}

/**
 * Reads once when the page opens and again whenever `deps` change; an answer that arrives after
 * the page moved on (deps changed, page closed) is dropped. `read` gets the typed API client:
 * `useQuery((api) => call(api.GET('/v1/lots')), [])`.
 */
export function useQuery<T>(read: (api: Api) => Promise<T>, deps: DependencyList): Query<T> {
  const { api } = useApp();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is a new function each render; `deps` say when to read again.
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    read(api).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [api, round, ...deps]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export { call };
