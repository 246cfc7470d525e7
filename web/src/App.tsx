import { useEffect } from 'react';
import { whenSessionExpires } from './api/client';
import { go, useHashRoute } from './router';
import { useSession, type Session } from './session';
import { AdminView } from './views/AdminView';
import { CustomerView } from './views/CustomerView';
import { OrderPage } from './views/OrderPage';
import { SellerView } from './views/SellerView';
import { SignIn } from './views/SignIn';

const HOME: Record<Session['person']['role'], string> = { USER: '/shop', SELLER: '/seller', ADMIN: '/admin' };
const ROLE_TEXT: Record<Session['person']['role'], string> = {
  USER: 'Customer',
  SELLER: 'Seller',
  ADMIN: 'Admin',
};

export function App() {
  const { session, signIn, signOut } = useSession();
  const route = useHashRoute();

  const role = session?.person.role;
  const order = /^\/orders\/([0-9a-f-]{36})$/.exec(route);
  const known = order !== null || (role !== undefined && route === HOME[role]);
  // A token the API no longer accepts (it expired) ends the session: sign in again for a fresh one.
  useEffect(() => {
    whenSessionExpires(() => (signOut(), go('/')));
    return () => void whenSessionExpires(undefined);
  }, [signOut]);
  // Any other address (a stale link, another role's page) goes to the person's home.
  useEffect(() => {
    if (role && !known) window.location.replace(`#${HOME[role]}`);
  }, [role, known]);

  let page = null;
  if (!session) page = <SignIn onSignIn={(s) => (signIn(s), go(HOME[s.person.role]))} />;
  else if (order) page = <OrderPage orderId={order[1]!} session={session} />;
  else if (route === '/shop' && role === 'USER') page = <CustomerView session={session} />;
  else if (route === '/seller' && role === 'SELLER') page = <SellerView session={session} />;
  else if (route === '/admin' && role === 'ADMIN') page = <AdminView />;

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={session ? `#${HOME[session.person.role]}` : '#/'}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>OrderFlow</span>
        </a>
        {session && (
          <nav className="who" aria-label="Signed in">
            <span className={`role role-${session.person.role.toLowerCase()}`}>
              {ROLE_TEXT[session.person.role]}
            </span>
            <span className="name">{session.person.name}</span>
            <a className="link" href="/docs" target="_blank" rel="noreferrer">
              API docs
            </a>
            <button type="button" className="secondary small" onClick={() => (signOut(), go('/'))}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main className="content">{page}</main>
    </div>
  );
}
