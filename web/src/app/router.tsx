import CloudscapeLink, { type LinkProps } from '@cloudscape-design/components/link';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

interface Location {
  path: string;
  query: URLSearchParams;
}

interface Router extends Location {
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<Router | null>(null);

const here = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

/**
 * A few lines of History API routing: the staff pages need no more, and a router library would
 * weigh more than these pages. Admin areas (issue #16) plug in as lazily loaded routes.
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const onPop = () => setLocation(here());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(here());
  }, []);
  const value = useMemo(() => ({ ...location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

const ParamsContext = createContext<Record<string, string>>({});

/** Gives the page the parameters of its path (`/support/members/:memberId` → `{ memberId }`). */
export function ParamsProvider({ params, children }: { params: Record<string, string>; children: ReactNode }) {
  return <ParamsContext.Provider value={params}>{children}</ParamsContext.Provider>;
}

/** The current page's path parameters, decoded. */
export function useParams(): Record<string, string | undefined> {
  return useContext(ParamsContext);
}

/** A Cloudscape link that moves inside the console without reloading it. */
export function Link({ to, children, ...rest }: Omit<LinkProps, 'href' | 'onFollow'> & { to: string; children: ReactNode }) {
  const { navigate } = useRouter();
  return (
    <CloudscapeLink
      {...rest}
      href={to}
      onFollow={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </CloudscapeLink>
  );
}
