import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

export interface RouterLocation {
  pathname: string;
  search: string;
}

export interface Router {
  location: RouterLocation;
  /**
   * How many navigations happened since the page loaded: 0 on first load. Pages move focus to their
   * heading only after a navigation, so a screen reader hears the new page, as after a full load.
   */
  navigations: number;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<Router | undefined>(undefined);

function currentLocation(): RouterLocation {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** Client-side routing on the History API: a few pages need no more than this. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState({ location: currentLocation(), navigations: 0 });

  useEffect(() => {
    const onPopState = () =>
      setState((s) => ({ location: currentLocation(), navigations: s.navigations + 1 }));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setState((s) => ({ location: currentLocation(), navigations: s.navigations + 1 }));
    window.scrollTo(0, 0);
  }, []);

  const router = useMemo<Router>(() => ({ ...state, navigate }), [state, navigate]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter must be used inside <RouterProvider>.');
  return router;
}
