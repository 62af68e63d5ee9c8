import type { PersonRecord } from './person-record.js';
import { createPersonRecord } from './person-record.js';

/** The identifier system given to FEBRL's `soc_sec_id` (an Australian-style id without a check digit). */
export const FEBRL_SOC_SEC_ID_SYSTEM = 'urn:febrl:soc_sec_id';

/**
 * Reads a FEBRL record-linkage CSV (header `rec_id, given_name, surname, street_number, address_1,
 * address_2, suburb, postcode, state, date_of_birth, soc_sec_id`; comma + space separated, no quoting)
 * into person records. `rec_id` becomes the record id — it encodes the ground truth, so it is never
 * used by the matcher, only by evaluation (febrlEntityOf).
 */
export function parseFebrlCsv(text: string): PersonRecord[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const column = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`FEBRL CSV has no ${name} column`);
    return at;
  };
  const at = {
    id: column('rec_id'),
    given: column('given_name'),
    family: column('surname'),
    number: column('street_number'),
    line1: column('address_1'),
    line2: column('address_2'),
    suburb: column('suburb'),
    postcode: column('postcode'),
    state: column('state'),
    dob: column('date_of_birth'),
    ssn: column('soc_sec_id'),
  };
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const cell = (i: number) => {
      const v = cells[i];
      return v === undefined || v === '' ? undefined : v;
    };
    const ssn = cell(at.ssn);
    return createPersonRecord({
      id: cell(at.id) ?? '',
      given: cell(at.given),
      family: cell(at.family),
      houseNumber: cell(at.number),
      addressLines: [cell(at.line1), cell(at.line2)].filter((l): l is string => l !== undefined),
      locality: cell(at.suburb),
      postcode: cell(at.postcode),
      region: cell(at.state),
      birthDate: cell(at.dob),
      identifiers: ssn === undefined ? [] : [{ system: FEBRL_SOC_SEC_ID_SYSTEM, value: ssn }],
    });
  });
}

/** The ground-truth entity of a FEBRL record id: `rec-12-org` and `rec-12-dup-3` are both entity "12". */
export function febrlEntityOf(recordId: string): string {
  const m = /^rec-([0-9]+)-/.exec(recordId);
  if (m?.[1] === undefined) throw new Error(`not a FEBRL record id: ${recordId}`);
  return m[1];
}
