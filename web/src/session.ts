import { useCallback, useState } from 'react';
import { setToken, type DemoPerson } from './api/client';

export interface Session {
  token: string;
  person: Pick<DemoPerson, 'id' | 'name' | 'role'>;
}

const KEY = 'orderflow.session';

/** Reads a pasted token's claims to show who it is; the API checks it on every request. */
export function sessionFromToken(token: string): Session {
  const part = token.trim().split('.')[1];
  if (!part) throw new Error('That is not a JWT: it needs three dot-separated parts.');
  let claims: { sub?: string; role?: string; name?: string };
  try {
    claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    throw new Error('The token could not be read.');
  }
  if (!claims.sub || !['USER', 'SELLER', 'ADMIN'].includes(claims.role ?? ''))
    throw new Error('The token names no subject or no role (USER, SELLER or ADMIN).');
  return {
    token: token.trim(),
    person: { id: claims.sub, name: claims.name ?? claims.sub, role: claims.role as DemoPerson['role'] },
  };
}

function load(): Session | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (saved) setToken(saved.token);
    return saved ?? undefined;
  } catch {
    return undefined;
  }
}

/** The signed-in person, kept for this browser tab. */
export function useSession() {
  const [session, setSession] = useState<Session | undefined>(load);
  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(KEY, JSON.stringify(next));
    setToken(next.token);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setToken(undefined);
    setSession(undefined);
  }, []);
  return { session, signIn, signOut };
}
