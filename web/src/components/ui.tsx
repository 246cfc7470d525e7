import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { OrderStatus } from '../api/client';

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
}

export const shortId = (id: string) => id.slice(0, 8);

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

const STATUS_TEXT: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Awaiting payment',
  REJECTED: 'Rejected',
  PAID: 'Paid',
  FULFILLED: 'Fulfilled',
  CANCELLED: 'Cancelled',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status} title={STATUS_TEXT[status]}>
      {status}
    </span>
  );
}

/** A refusal or failure, as the API worded it. */
export function Notice({ error, onClose }: { error?: string; onClose?: () => void }) {
  if (!error) return null;
  return (
    <div className="notice" role="alert">
      <span>{error}</span>
      {onClose && (
        <button type="button" className="link" onClick={onClose} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** "in 12:34" until a deadline, ticking every second; "closed" after it. */
export function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, new Date(until).getTime() - now);
  if (left === 0) return <span className="countdown">closed</span>;
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <span className="countdown" aria-live="off">
      {minutes}:{String(seconds).padStart(2, '0')} left
    </span>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data and reloads it on demand; a reload asked for while one runs happens once after it, so a
 * burst of live events costs one request.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const running = useRef(false);
  const again = useRef(false);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(() => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    loader
      .current()
      .then((data) => setState({ data, loading: false }))
      .catch((error: Error) => setState((s) => ({ ...s, error: error.message, loading: false })))
      .finally(() => {
        running.current = false;
        if (again.current) {
          again.current = false;
          reload();
        }
      });
  }, []);

  useEffect(reload, deps);
  return { ...state, reload };
}

/** Runs an action, keeping its error for display and a busy flag for its button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}
