/**
 * Stable codes of validation issues (Issue.detailsCode). Clients and docs/errors.md key on these, so a
 * code keeps its meaning forever: add new ones, never renumber. HW-VAL-001 is the generic
 * "resource is invalid" error of operation-outcome.ts; the validator's own codes start at 002.
 */
export const ValidationCode = {
  /** The resource (or a contained / entry resource) is not a JSON object. */
  NOT_AN_OBJECT: 'HW-VAL-002',
  /** `resourceType` is missing. */
  MISSING_RESOURCE_TYPE: 'HW-VAL-003',
  /** `resourceType` is not a concrete FHIR R4 resource type. */
  UNKNOWN_RESOURCE_TYPE: 'HW-VAL-004',
  /** A property that the definition does not have (including misspelled choice types). */
  UNKNOWN_ELEMENT: 'HW-VAL-005',
  /** A value of the wrong JSON type (string for a number, object for a string, ...). */
  WRONG_JSON_TYPE: 'HW-VAL-006',
  /** An element with minimum cardinality 1 or more is absent. */
  REQUIRED_ELEMENT_MISSING: 'HW-VAL-007',
  /** A JSON array for an element whose maximum cardinality is 1. */
  ARRAY_NOT_ALLOWED: 'HW-VAL-008',
  /** A single value for a repeating element, which JSON always writes as an array. */
  ARRAY_REQUIRED: 'HW-VAL-009',
  /** More repetitions than the maximum cardinality. */
  TOO_MANY_VALUES: 'HW-VAL-010',
  /** More than one type given for a choice element (e.g. valueString and valueQuantity). */
  MULTIPLE_CHOICE_VALUES: 'HW-VAL-011',
  /** `null` where FHIR JSON requires the property to be omitted. */
  NULL_VALUE: 'HW-VAL-012',
  /** An empty object `{}`. */
  EMPTY_OBJECT: 'HW-VAL-013',
  /** An empty array `[]`. */
  EMPTY_ARRAY: 'HW-VAL-014',
  /** An empty string `""`. */
  EMPTY_STRING: 'HW-VAL-015',
  /** A primitive that does not match its type's format (the regex of the R4 definition). */
  INVALID_FORMAT: 'HW-VAL-016',
  /** A string longer than the type allows (1 MB for string). */
  VALUE_TOO_LONG: 'HW-VAL-017',
  /** An integer outside the 32-bit range, or a non-finite decimal. */
  NUMBER_OUT_OF_RANGE: 'HW-VAL-018',
  /** The resource id does not follow the FHIR id rule. */
  INVALID_RESOURCE_ID: 'HW-VAL-019',
  /** Reference.reference is not a relative, absolute, local, urn:uuid or urn:oid reference. */
  INVALID_REFERENCE: 'HW-VAL-020',
  /** A code outside the value set of a required binding. */
  CODE_NOT_IN_VALUE_SET: 'HW-VAL-021',
  /** A primitive's `_x` extension property that does not line up with its value. */
  MISALIGNED_PRIMITIVE_EXTENSION: 'HW-VAL-022',
  /** A string holding a control character other than tab, carriage return or line feed. */
  CONTROL_CHARACTER: 'HW-VAL-023',
} as const;

export type ValidationCode = (typeof ValidationCode)[keyof typeof ValidationCode];
