import type { Identifier } from '../fhir/resources.js';
import { NHS_NUMBER } from './code-systems.js';

/** NHS numbers are read and written in groups of 3, 3 and 4 digits: 999 639 6223. */
export function formatNhsNumber(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : value;
}

export function nhsNumberOf(identifiers: Identifier[] | undefined): string | undefined {
  const value = identifiers?.find((i) => i.system === NHS_NUMBER)?.value;
  return value ? formatNhsNumber(value) : undefined;
}
