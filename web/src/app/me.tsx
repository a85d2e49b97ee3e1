import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { call, type Me } from '../api/client';
import { useApp, useSession } from './context';

export interface MeState {
  /** `GET /v1/me` for the signed-in user: their roles and where each applies, as the server holds them. */
  me: Me | null;
  /** True while it is being read (signed in, answer not there yet). */
  loading: boolean;
}

const MeContext = createContext<MeState>({ me: null, loading: false });

/**
 * Reads `GET /v1/me` once per sign-in, for the menu and the desks: the roles are the server's
 * (granted through the API, read from the role store), never the token's groups. A failed read
 * leaves `me` null — the menu then shows only the staff pages, and every desk page still asks
 * the API, which decides.
 */
export function MeProvider({ children }: { children: ReactNode }) {
  const { api } = useApp();
  const session = useSession();
  const login = session?.login ?? null;
  const [state, setState] = useState<MeState & { login: string | null }>({ me: null, loading: false, login: null });
  useEffect(() => {
    if (!login) {
      setState({ me: null, loading: false, login: null });
      return;
    }
    let current = true;
    setState({ me: null, loading: true, login });
    call(api.GET('/v1/me')).then(
      (me) => current && setState({ me, loading: false, login }),
      () => current && setState({ me: null, loading: false, login }),
    );
    return () => {
      current = false;
    };
  }, [api, login]);
  const value = state.login === login ? state : { me: null, loading: Boolean(login) };
  return <MeContext.Provider value={value}>{children}</MeContext.Provider>;
}

export function useMe(): MeState {
  return useContext(MeContext);
}
