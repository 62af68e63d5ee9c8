/**
 * Which rows a caller may see, as data the store compiles into every query it runs for them (the page,
 * the total, includes, chains, `_has`, history). The policy engine decides the rule; the store only
 * applies it, so no query path can forget it.
 *
 * A row is visible when it is reference data of an allowed type, or when it is in the record of a
 * patient the caller may see, of an allowed type, and not hidden by its sensitivity labels.
 *
 * A rule is not changed once made: the store keeps what it derives from one for the next query.
 */
export interface AccessRule {
  /** Types outside any patient's record (Organization, Practitioner, Slot …) the caller may read. */
  referenceTypes: string[];
  /** Types of patient data the caller may see at all (scopes); undefined: every type. */
  types?: string[];
  /**
   * Types of patient data per patient (a carer's grant for each person they act for, their linked
   * records included); a patient not named here is limited by `types` alone.
   */
  typesFor?: Record<string, string[]>;
  /** Records of these patients (a patient's own and linked records; a proxy's person). */
  patients?: string[];
  /** Records of patients in a care relationship with this organisation and/or practitioner. */
  careRelationship?: {
    organization?: string;
    practitioner?: string;
    /** An encounter that ended on or after this instant still counts as a relationship. */
    encountersSince: string;
  };
  /** Every patient's record (system callers with narrowed scopes). */
  everyone?: boolean;
  /** Records opened by unexpired break-glass grants: every entry visible, choices and labels aside. */
  opened?: string[];
  /** Only entries recorded by this source (`meta.source`), for source systems. */
  source?: string;
  /** `system|code` labels that hide an entry. */
  hiddenLabels: string[];
  /**
   * Staff outside the patient's registered practice: the patient's record-sharing choices apply
   * (nothing beyond the practice, or sensitive categories they chose to share), and labels do not
   * hide entries of patients registered at this organisation.
   */
  organization?: string;
  /**
   * The patients registered with `organization`, when read with the rule (absent for a practice too
   * large to list, whose registrations each query derives again).
   */
  registered?: string[];
}
