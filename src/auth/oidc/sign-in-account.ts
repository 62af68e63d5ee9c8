import type { Role } from '../principal.js';

/** Someone who can sign in through the embedded provider (in demo mode: the demo accounts). */
export interface SignInAccount {
  /** The OpenID `sub`. */
  id: string;
  role: Role;
  /** Display name ("Dr Amina Shah"). */
  name: string;
  /** FHIR reference of the person: `Patient/x`, `Practitioner/x`, `RelatedPerson/x`. */
  person: string;
  /** The patient the account acts for (patients: themselves; proxies: the person they care for). */
  patient?: string;
  organization?: string;
  organizationName?: string;
  /** One line for the sign-in page ("GP at Kirkgate Medical Practice"). */
  description: string;
}

/** Where the provider finds accounts; demo mode lists a fixed set, production has none built in. */
export interface AccountDirectory {
  list(): SignInAccount[];
  find(id: string): SignInAccount | undefined;
}

export function accountDirectory(accounts: SignInAccount[]): AccountDirectory {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return { list: () => [...accounts], find: (id) => byId.get(id) };
}
