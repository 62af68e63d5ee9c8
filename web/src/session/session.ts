/**
 * Who is using the pages and whose record they see. Today the only kind is the demo session, where
 * a visitor picks a made-up patient. Sign-in (NHS login for patients) will add a kind whose
 * `authHeaders` carries the access token; the pages only ever ask for `patientId` and the headers.
 */
export interface Session {
  kind: 'demo';
  patientId: string;
  /** The patient's name as chosen, for the header, before their record has loaded. */
  patientName: string;
  /** Headers for every FHIR API call. */
  authHeaders(): Record<string, string>;
}

export function demoSession(patientId: string, patientName: string): Session {
  // The demo API needs no credentials: the server runs in demo mode without an authorisation policy.
  return { kind: 'demo', patientId, patientName, authHeaders: () => ({}) };
}
