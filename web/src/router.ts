import { useEffect, useState } from 'react';

/** The dashboard's routes live after `#`, so no path of the API is ever shadowed. */
export function useHashRoute(): string {
  const [route, setRoute] = useState(() => window.location.hash.slice(1) || '/');
  useEffect(() => {
    const changed = () => setRoute(window.location.hash.slice(1) || '/');
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export const go = (route: string) => {
  window.location.hash = route;
};
