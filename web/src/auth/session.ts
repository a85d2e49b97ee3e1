import type { CognitoAuth, Tokens } from './cognito';

export interface Session {
  login: string;
  tokens: Tokens;
}

const KEY = 'posta.session';
/** Refresh this long before the access token expires, so no call goes out with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The signed-in user's tokens. Kept in sessionStorage (this tab only, gone when it closes) so a
 * reload does not sign the user out; the console's CSP allows no foreign script to read them.
 */
export function createSessionStore(auth: Pick<CognitoAuth, 'refresh' | 'revoke'>, storage: Storage = sessionStorage) {
  const read = (): Session | null => {
    try {
      const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Session | null;
      return value?.tokens?.accessToken ? value : null;
    } catch {
      return null;
    }
  };
  let session = read();
  let refreshing: Promise<string | null> | null = null;
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  const set = (next: Session | null) => {
    session = next;
    if (next) storage.setItem(KEY, JSON.stringify(next));
    else storage.removeItem(KEY);
    emit();
  };

  return {
    current: () => session,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(login: string, tokens: Tokens) {
      set({ login, tokens });
    },
    /** The access token, refreshed first when it is about to expire; null (and signed out) when that fails. */
    async accessToken(): Promise<string | null> {
      const current = session;
      if (!current) return null;
      if (current.tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return current.tokens.accessToken;
      refreshing ??= auth
        .refresh(current.tokens.refreshToken)
        .then((tokens) => {
          set({ login: current.login, tokens });
          return tokens.accessToken;
        })
        .catch(() => {
          set(null);
          return null;
        })
        .finally(() => {
          refreshing = null;
        });
      return refreshing;
    },
    /** Drops the session here and revokes its refresh token at Cognito. */
    async signOut() {
      const current = session;
      set(null);
      if (current) await auth.revoke(current.tokens.refreshToken);
    },
    /** The API said 401: the session is over (expired, revoked, or signed out elsewhere). */
    expire() {
      set(null);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
