import { useState } from 'preact/hooks';
import { signIn, type Session } from '../api';
import { ErrorBanner, Field } from '../components/ui';

/** Sign-in with an admin key: sent once to the gateway, which answers with a session cookie; the page keeps no key. */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const session = await signIn(key);
      setKey('');
      onSignedIn(session);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">LLM Gateway</h1>
        <p>Sign in with an admin key: a global one, or a key with an admin binding for your organization, team or environment.</p>
        <Field label="Admin key" help="Sent once to start a session; it is not stored in this browser.">
          {(props) => (
            <input {...props} type="password" name="admin-key" autocomplete="current-password" required value={key}
              onInput={(e) => setKey(e.currentTarget.value)} />
          )}
        </Field>
        <ErrorBanner error={error} />
        <button type="submit" class="primary" disabled={busy || !key.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
