/** The namespace of the URIs Heartwood mints for values that v2 gives no public system. */
export const HL7V2_BASE = 'https://heartwood.nhs.example/hl7v2';

/** `meta.source` of everything written from a feed: Heartwood's source namespace, then the sender. */
export const SOURCE_BASE = 'https://heartwood.nhs.example/source/hl7v2';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const RFC3986 = 'urn:ietf:rfc:3986';
