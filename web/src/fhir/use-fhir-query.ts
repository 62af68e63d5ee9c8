import { useEffect, useRef, useState } from 'react';
import type { FhirClient } from './fhir-client.js';
import { useFhirClient } from '../session/session-context.js';

export type QueryState<T> =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; data: T };

/**
 * Runs a FHIR query for a component and follows its state. `key` names what is asked for: the query
 * runs again when it changes, and an answer to an older key (a slower, earlier request) is dropped.
 */
export function useFhirQuery<T>(key: string, load: (client: FhirClient, signal: AbortSignal) => Promise<T>) {
  const client = useFhirClient();
  const [state, setState] = useState<{ key: string; result: QueryState<T> }>({
    key,
    result: { status: 'loading' },
  });
  const loadRef = useRef(load);
  // Declared before the query effect, so it runs first: the query always uses the latest function.
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    setState({ key, result: { status: 'loading' } });
    loadRef.current(client, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, result: { status: 'done', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ key, result: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [key, client]);

  // Between a key change and the effect, the old answer must not show under the new key.
  return state.key === key ? state.result : ({ status: 'loading' } as const);
}
