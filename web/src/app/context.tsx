import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { Api, PublicProfile } from '../api/client';
import type { CognitoAuth } from '../auth/cognito';
import type { Session, SessionStore } from '../auth/session';
import type { ConsoleConfig } from '../config';

/** What every page may use: the deployment's settings, its profile, the API and the session. */
export interface AppServices {
  config: ConsoleConfig;
  profile: PublicProfile;
  api: Api;
  /** Cognito through the SDK, loaded on first use (`preload()` fetches it ahead). */
  auth: CognitoAuth & { preload(): void };
  sessions: SessionStore;
}

const AppContext = createContext<AppServices | null>(null);

export function AppProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppContext.Provider value={services}>{children}</AppContext.Provider>;
}

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside AppProvider');
  return services;
}

export function useSession(): Session | null {
  const { sessions } = useApp();
  return useSyncExternalStore(sessions.subscribe, sessions.current);
}
