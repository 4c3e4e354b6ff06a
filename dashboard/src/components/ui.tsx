import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { ApiError } from '../api';

/** Loads data with `load`, again whenever a dependency changes or `reload` is called. */
export function useLoad<T>(load: () => Promise<T>, dependencies: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((reason: Error) => live && setError(reason))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...dependencies, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}

export function PageHeader({ title, children, level = 1 }: { title: string; children?: ComponentChildren; level?: 1 | 2 }) {
  return (
    <header class="page-header">
      {level === 1 ? <h1 id="page-title">{title}</h1> : <h2>{title}</h2>}
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}

export function ErrorBanner({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  const code = error instanceof ApiError && error.code ? ` (${error.code})` : '';
  return (
    <div class="banner error" role="alert">
      {error.message}
      {code}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`banner ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Badge({ tone, children }: { tone: 'good' | 'bad' | 'warn' | 'neutral'; children: ComponentChildren }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}

interface FieldProps {
  label: string;
  error?: string | null;
  help?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => JSX.Element;
}

/** A labelled control with its help text and, beside it, the error the API gave for it. */
export function Field({ label, error, help, children }: FieldProps) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {help && (
        <small id={`${id}-help`} class="help">
          {help}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  return when ? (
    <p class="muted" aria-live="polite">
      Loading…
    </p>
  ) : null;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A button that runs an async action, disabled while it runs, reporting failure through `onError`. */
export function ActionButton(props: {
  label: string;
  run: () => Promise<unknown>;
  onError?: (error: Error) => void;
  kind?: 'primary' | 'danger' | 'plain';
  confirm?: string;
  ariaLabel?: string;
}) {
  const [busy, setBusy] = useState(false);
  const click = async () => {
    if (props.confirm && !window.confirm(props.confirm)) return;
    setBusy(true);
    try {
      await props.run();
    } catch (error) {
      props.onError?.(error as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={props.kind ?? 'plain'} disabled={busy} onClick={click} aria-label={props.ariaLabel}>
      {props.label}
    </button>
  );
}
