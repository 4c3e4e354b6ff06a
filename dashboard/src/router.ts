import { useEffect, useState } from 'preact/hooks';

/** The page's own routes live in the URL's hash (#/usage), so the gateway serves one file for all of them. */
export function currentRoute(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/usage';
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function navigate(route: string): void {
  window.location.hash = route;
}
