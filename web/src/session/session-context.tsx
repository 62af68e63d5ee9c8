import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createFhirClient } from '../fhir/fhir-client.js';
import type { FhirClient } from '../fhir/fhir-client.js';
import { demoSession } from './session.js';
import type { Session } from './session.js';

export interface SessionState {
  session: Session | undefined;
  startDemoSession(patientId: string, patientName: string): void;
  endSession(): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);
const FhirClientContext = createContext<FhirClient | undefined>(undefined);

// Per tab, gone when the tab closes: the demo choice is not something to remember on a shared computer.
const STORAGE_KEY = 'heartwood.demo-session';

function restore(): Session | undefined {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as {
      patientId?: unknown;
      patientName?: unknown;
    } | null;
    if (typeof saved?.patientId === 'string' && typeof saved.patientName === 'string') {
      return demoSession(saved.patientId, saved.patientName);
    }
  } catch {
    // Unreadable or blocked storage: start without a session.
  }
  return undefined;
}

/**
 * The one place that knows who is using the pages: it supplies the session to the pages and the
 * session's credentials to the FHIR client. Sign-in replaces the demo choice here and nowhere else.
 */
export function SessionProvider({ children, fhirBaseUrl }: { children: ReactNode; fhirBaseUrl: string }) {
  const [session, setSession] = useState<Session | undefined>(restore);
  // The client reads the session at call time, so it is made once and never goes stale; both
  // changes of session below update this before anything can render with the new session.
  const sessionRef = useRef(session);

  const client = useMemo(
    () => createFhirClient({ baseUrl: fhirBaseUrl, headers: () => sessionRef.current?.authHeaders() ?? {} }),
    [fhirBaseUrl],
  );

  const startDemoSession = useCallback((patientId: string, patientName: string) => {
    const next = demoSession(patientId, patientName);
    sessionRef.current = next;
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ patientId, patientName }));
    } catch {
      // The session then lasts as long as the page.
    }
    setSession(next);
  }, []);

  const endSession = useCallback(() => {
    sessionRef.current = undefined;
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing was stored.
    }
    setSession(undefined);
  }, []);

  const state = useMemo(
    () => ({ session, startDemoSession, endSession }),
    [session, startDemoSession, endSession],
  );
  return (
    <SessionContext.Provider value={state}>
      <FhirClientContext.Provider value={client}>{children}</FhirClientContext.Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside <SessionProvider>.');
  return state;
}

export function useFhirClient(): FhirClient {
  const client = useContext(FhirClientContext);
  if (!client) throw new Error('useFhirClient must be used inside <SessionProvider>.');
  return client;
}
