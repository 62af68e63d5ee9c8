import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createFhirClient } from '../fhir/fhir-client.js';
import type { FhirClient } from '../fhir/fhir-client.js';
import { refreshTokens, revoke } from './openid-client.js';
import { sessionFrom } from './session.js';
import type { Session, StoredSession } from './session.js';

export interface SessionState {
  session: Session | undefined;
  /** Starts the session from a completed sign-in (or a refresh), keeping it for this tab. */
  startSession(stored: StoredSession): Session | undefined;
  /** Signs out: forgets the tokens here and revokes the refresh token at the provider. */
  endSession(): void;
  /** A carer switches to another person they act for (the server decides who that may be). */
  actFor(person: { id: string; name: string }): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);
const FhirClientContext = createContext<FhirClient | undefined>(undefined);

/**
 * Per tab, gone when the tab closes (sessionStorage, never localStorage): a health record must not
 * stay signed in on a shared computer. The access token lives 15 minutes; the refresh token renews it.
 */
export const SESSION_STORAGE_KEY = 'heartwood.session';
/** Renew this long before the access token expires. */
const REFRESH_MARGIN_SECONDS = 60;

function restore(): StoredSession | undefined {
  try {
    const saved = JSON.parse(
      window.sessionStorage.getItem(SESSION_STORAGE_KEY) ?? 'null',
    ) as StoredSession | null;
    if (typeof saved?.tokens?.accessToken !== 'string') return undefined;
    const session = sessionFrom(saved);
    // An expired token without a refresh token is no session at all.
    if (!session || (session.expiresAt * 1000 <= Date.now() && !saved.tokens.refreshToken)) return undefined;
    return saved;
  } catch {
    return undefined;
  }
}

/**
 * The one place that knows who is using the pages: it supplies the session to the pages and the
 * session's bearer token to the FHIR client, and renews the token before it expires.
 */
export function SessionProvider({ children, fhirBaseUrl }: { children: ReactNode; fhirBaseUrl: string }) {
  const [stored, setStored] = useState<StoredSession | undefined>(restore);
  const session = useMemo(() => (stored ? sessionFrom(stored) : undefined), [stored]);
  // The client reads the session at call time, so it is made once and never goes stale.
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const client = useMemo(
    () => createFhirClient({ baseUrl: fhirBaseUrl, headers: () => sessionRef.current?.authHeaders() ?? {} }),
    [fhirBaseUrl],
  );

  const startSession = useCallback((next: StoredSession) => {
    const made = sessionFrom(next);
    if (!made) return undefined;
    sessionRef.current = made;
    try {
      window.sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // The session then lasts as long as the page.
    }
    setStored(next);
    return made;
  }, []);

  const endSession = useCallback(() => {
    const refreshToken = stored?.tokens.refreshToken;
    sessionRef.current = undefined;
    try {
      window.sessionStorage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Nothing was stored.
    }
    setStored(undefined);
    if (refreshToken) void revoke(refreshToken);
  }, [stored]);

  // Renew the access token a minute before it expires, for as long as the refresh token lasts.
  useEffect(() => {
    const refreshToken = stored?.tokens.refreshToken;
    if (!session || !refreshToken) return;
    const wait = Math.max(0, (session.expiresAt - REFRESH_MARGIN_SECONDS) * 1000 - Date.now());
    const timer = window.setTimeout(() => {
      refreshTokens(refreshToken).then(
        (tokens) =>
          startSession({
            ...stored,
            tokens: { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken },
          }),
        () => {
          // Refused (signed out elsewhere, or expired): the next API call answers 401 and the
          // pages ask to sign in again.
        },
      );
    }, wait);
    return () => window.clearTimeout(timer);
  }, [session, stored, startSession]);

  const actFor = useCallback(
    (person: { id: string; name: string }) => {
      if (stored) startSession({ ...stored, actingFor: person });
    },
    [stored, startSession],
  );

  const state = useMemo(
    () => ({ session, startSession, endSession, actFor }),
    [session, startSession, endSession, actFor],
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
