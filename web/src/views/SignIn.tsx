import { useState } from 'react';
import { api, call, setToken, type DemoPerson } from '../api/client';
import { Loading, Notice, useAction, useLoad } from '../components/ui';
import { sessionFromToken, type Session } from '../session';

const ROLE_HINT: Record<DemoPerson['role'], string> = {
  USER: 'shops, pays and follows orders',
  SELLER: 'manages stock and ships',
  ADMIN: 'watches every order and the pipeline',
};

/**
 * The local stack's sign-in: pick a demo person (the API mints a development token) or paste a bearer
 * token from an identity provider, which is how a deployment signs in.
 */
export function SignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const people = useLoad(async () => {
    const { data, response } = await api.GET('/dev/people');
    // Absent in production: only pasted tokens are accepted there.
    return response.status === 404 ? [] : (data?.items ?? []);
  }, []);
  const action = useAction();
  const [pasted, setPasted] = useState('');

  const pick = (person: DemoPerson) =>
    action.run(async () => {
      const { token } = await call(api.POST('/dev/token', { body: { person: person.id } }));
      onSignIn({ token, person });
    });

  const usePasted = () =>
    action.run(async () => {
      const session = sessionFromToken(pasted);
      setToken(session.token);
      onSignIn(session);
    });

  return (
    <section className="signin">
      <h1>Sign in to OrderFlow</h1>
      <p className="lead">Orders run as durable Temporal sagas: reserve, charge, ship, or undo.</p>
      <Notice error={action.error ?? people.error} onClose={action.clear} />
      {people.loading && <Loading what="demo people" />}
      {people.data && people.data.length > 0 && (
        <>
          <h2>Demo people</h2>
          <ul className="people">
            {people.data.map((person) => (
              <li key={person.id}>
                <button
                  type="button"
                  className="person"
                  disabled={action.busy}
                  onClick={() => pick(person)}
                  aria-label={`Sign in as ${person.name}, ${person.role}`}
                >
                  <span className={`role role-${person.role.toLowerCase()}`}>{person.role}</span>
                  <strong>{person.name}</strong>
                  <small>{ROLE_HINT[person.role]}</small>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        className="paste"
        onSubmit={(e) => {
          e.preventDefault();
          void usePasted();
        }}
      >
        <label htmlFor="token">Or paste a bearer token</label>
        <div className="row">
          <input
            id="token"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder="eyJhbGciOi…"
            autoComplete="off"
          />
          <button type="submit" disabled={!pasted.trim() || action.busy}>
            Use token
          </button>
        </div>
      </form>
    </section>
  );
}
