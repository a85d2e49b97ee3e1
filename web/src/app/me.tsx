import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { call, type Me } from '../api/client';
import { useApp, useSession } from './context';

export interface MeState {
  /** `GET /v1/me` for the signed-in user: their roles and where each applies, as the server holds them. */
  me: Me | null;
  /** True while it is being read (signed in, answer not there yet). */
  loading: boolean;
  /** Why the last read failed (an `ApiError` or a network error), or null. */
  error: unknown;
  /** Reads it again (after the user changed something it shows: password, alternate email). */
  reload: () => Promise<void>;
}

const MeContext = createContext<MeState>({ me: null, loading: false, error: null, reload: async () => {} });

interface Read {
  me: Me | null;
  loading: boolean;
  error: unknown;
  /** The sign-in this answer belongs to: another user's answer is never shown. */
  login: string | null;
}

/**
 * Reads `GET /v1/me` once per sign-in, for the menu, the desks and the account page: the roles
 * are the server's (granted through the API, read from the role store), never the token's groups.
 * A failed read leaves `me` null with its `error` — the menu then shows only the staff pages,
 * every desk page still asks the API, which decides, and the account page says why.
 */
export function MeProvider({ children }: { children: ReactNode }) {
  const { api } = useApp();
  const session = useSession();
  const login = session?.login ?? null;
  const [state, setState] = useState<Read>({ me: null, loading: false, error: null, login: null });

  const read = useCallback(
    async (isCurrent: () => boolean = () => true) => {
      if (!login) return;
      try {
        const me = await call(api.GET('/v1/me'));
        if (isCurrent()) setState({ me, loading: false, error: null, login });
      } catch (error) {
        if (isCurrent()) setState((s) => ({ me: s.login === login ? s.me : null, loading: false, error, login }));
      }
    },
    [api, login],
  );

  useEffect(() => {
    if (!login) {
      setState({ me: null, loading: false, error: null, login: null });
      return;
    }
    let current = true;
    setState({ me: null, loading: true, error: null, login });
    void read(() => current);
    return () => {
      current = false;
    };
  }, [login, read]);

  const reload = useCallback(() => read(), [read]);
  const shown = state.login === login ? state : { me: null, loading: Boolean(login), error: null };
  return <MeContext.Provider value={{ me: shown.me, loading: shown.loading, error: shown.error, reload }}>{children}</MeContext.Provider>;
}

export function useMe(): MeState {
  return useContext(MeContext);
}
