/**
 * Re-identification: turning a pseudonym back into a person, which only the project key can do (by
 * pseudonymising candidates until one matches). It is never a side door: every call needs an approval
 * record naming who asked, why, and who approved, and hands back the audit record it must be stored
 * with. Storing it is the caller's job (the audit trail is another module's); refusing is ours.
 */
import { assertProjectId, canonicalPersonId, createPseudonymiser } from './pseudonym.js';
import type { Pseudonymiser } from './pseudonym.js';
import { privacyErrors } from './privacy-errors.js';

export interface ReidentificationApproval {
  /** Who asks for the person behind the pseudonym (a user id, not a free-text name). */
  requestedBy: string;
  /** Why: the lawful purpose (e.g. a safety signal that needs clinical follow-up). */
  reason: string;
  /** Who approved it; must be someone other than the requester. */
  approvedBy: string;
}

/** What the audit trail keeps. The identifier found is deliberately not in it (see below). */
export interface ReidentificationRecord extends ReidentificationApproval {
  kind: 'reidentification';
  projectId: string;
  pseudonym: string;
  matched: boolean;
  candidatesSearched: number;
  /** ISO instant of the request. */
  at: string;
}

export interface ReidentificationResult {
  /** The candidate whose pseudonym matched, or null when none did. */
  personId: string | null;
  /**
   * Store this with the audit trail. It records the pseudonym, not the person: the audit trail is read
   * more widely than the result, and the pseudonym plus the key already identify who was revealed.
   */
  record: ReidentificationRecord;
}

export interface ReidentifyInput {
  projectId: string;
  key: Buffer;
  pseudonym: string;
  /** Identifiers to try, in the same form as they were pseudonymised (e.g. canonical NHS numbers). */
  candidates: Iterable<string>;
  approval: ReidentificationApproval;
  /** Clock for the record; injectable so tests and replays are deterministic. */
  now?: () => Date;
}

export interface ReidentificationIndexInput {
  projectId: string;
  key: Buffer;
  candidates: Iterable<string>;
  now?: () => Date;
}

/** Many lookups against one candidate list: pseudonymised once, each lookup still approved and recorded. */
export interface ReidentificationIndex {
  readonly projectId: string;
  readonly size: number;
  reidentify(pseudonym: string, approval: ReidentificationApproval): ReidentificationResult;
}

/**
 * Checks the approval before anything else happens, so a caller without one learns nothing, not even
 * whether the pseudonym is well formed. Returns the trimmed approval for the record.
 */
function checkApproval(approval: unknown): ReidentificationApproval {
  const a = (typeof approval === 'object' && approval !== null ? approval : {}) as Record<string, unknown>;
  const field = (name: keyof ReidentificationApproval): string => {
    const v = a[name];
    if (typeof v !== 'string' || v.trim() === '') {
      throw privacyErrors.reidentificationRefused(
        `Re-identification needs an approval record with a non-empty ${name}.`,
      );
    }
    return v.trim();
  };
  const requestedBy = field('requestedBy');
  const reason = field('reason');
  const approvedBy = field('approvedBy');
  // Self-approval would make the approval a formality: two people must be involved.
  if (requestedBy.toLowerCase() === approvedBy.toLowerCase()) {
    throw privacyErrors.reidentificationRefused(
      'Re-identification must be approved by someone other than the requester.',
    );
  }
  return { requestedBy, reason, approvedBy };
}

function checkPseudonym(p: Pseudonymiser, pseudonym: unknown): string {
  if (typeof pseudonym !== 'string' || !p.isOwnPseudonym(pseudonym)) {
    throw privacyErrors.invalid(`The pseudonym is not one issued by project ${p.projectId}.`);
  }
  return pseudonym;
}

function record(
  projectId: string,
  pseudonym: string,
  approval: ReidentificationApproval,
  matched: boolean,
  candidatesSearched: number,
  now: () => Date,
): ReidentificationRecord {
  return {
    kind: 'reidentification',
    ...approval,
    projectId,
    pseudonym,
    matched,
    candidatesSearched,
    at: now().toISOString(),
  };
}

/** Finds which candidate a pseudonym belongs to, under an approval that is returned as an audit record. */
export function reidentify(input: ReidentifyInput): ReidentificationResult {
  const approval = checkApproval(input.approval);
  const p = createPseudonymiser({ projectId: input.projectId, key: input.key });
  const pseudonym = checkPseudonym(p, input.pseudonym);
  let searched = 0;
  let personId: string | null = null;
  for (const candidate of input.candidates) {
    searched++;
    if (p.pseudonymise(candidate) === pseudonym) {
      personId = canonicalPersonId(candidate);
      break;
    }
  }
  const now = input.now ?? (() => new Date());
  return { personId, record: record(p.projectId, pseudonym, approval, personId !== null, searched, now) };
}

/**
 * Pseudonymises a candidate list once for repeated approved lookups. The map from pseudonym to person
 * is the most sensitive thing in this folder, so it lives only in this closure and the index prints as
 * its project and size.
 */
export function createReidentificationIndex(input: ReidentificationIndexInput): ReidentificationIndex {
  assertProjectId(input.projectId);
  const p = createPseudonymiser({ projectId: input.projectId, key: input.key });
  const byPseudonym = new Map<string, string>();
  for (const candidate of input.candidates) {
    byPseudonym.set(p.pseudonymise(candidate), canonicalPersonId(candidate));
  }
  const now = input.now ?? (() => new Date());
  const size = byPseudonym.size;
  const description = `[ReidentificationIndex project=${p.projectId} size=${size}]`;
  return Object.freeze({
    projectId: p.projectId,
    size,
    reidentify(pseudonym: string, approval: ReidentificationApproval): ReidentificationResult {
      const approved = checkApproval(approval);
      const own = checkPseudonym(p, pseudonym);
      const personId = byPseudonym.get(own) ?? null;
      return { personId, record: record(p.projectId, own, approved, personId !== null, size, now) };
    },
    toString: () => description,
    toJSON: () => ({ projectId: p.projectId, size }),
    [Symbol.for('nodejs.util.inspect.custom')]: () => description,
  });
}
