/**
 * Turns the HL7 v2 corpus into a stream about ever-new patients. A national feed carries messages
 * about many people; replaying the corpus as it is sends the same 21 updates to one patient
 * (PATID1234) again and again, which measures that one record's commit chain, not the feed.
 *
 * Each record-naming identifier gets a suffix, the same one throughout a round, so a round is a new
 * set of patients whose messages still refer to one another as in the corpus (an A40's MRG-1 names a
 * patient an earlier message of the round created). Besides the patients' ids this covers what else
 * a real feed never repeats and what records are keyed on: the message control id (a repeated one is
 * a resend, which updates the same Provenance), visit numbers and order/result numbers. Everything
 * else stays byte-identical.
 */

/** [segment, field] pairs whose every repetition's first component is an identifier to rewrite. */
const IDENTIFIER_FIELDS: readonly (readonly [string, number])[] = [
  ['MSH', 10], // message control id
  ['PID', 2], // patient id (external)
  ['PID', 3], // patient identifier list
  ['PID', 4], // alternate patient id
  ['MRG', 1], // prior patient identifier list: the record merged
  ['PV1', 19], // visit number
  ['PV1', 50], // alternate visit id
  ['ORC', 2], // placer order number
  ['ORC', 3], // filler order number
  ['OBR', 2],
  ['OBR', 3],
  ['OBX', 21], // observation instance identifier
  ['DG1', 20], // diagnosis identifier
];

/**
 * The message with `suffix` appended to the first component of every repetition of the identifier
 * fields. Works on the bytes as latin1 so that any encoding, and a byte-order mark, pass through
 * untouched (the suffix and the delimiters are ASCII).
 */
export function renumberMessage(raw: Buffer, suffix: string): Buffer {
  const text = raw.toString('latin1');
  const start = text.indexOf('MSH');
  if (start < 0) return raw;
  const fieldSep = text[start + 3]!;
  const componentSep = text[start + 4] ?? '^';
  const repetitionSep = text[start + 5] ?? '~';
  const out = text.replace(/[^\r\n]+/g, (segment) => {
    const fields = segment.split(fieldSep);
    // MSH-1 is the separator itself, so MSH's field n sits one place earlier than other segments'.
    const id = fields[0]!.replace(/^\ufeff|^\xef\xbb\xbf/, '');
    const shift = id === 'MSH' ? -1 : 0;
    let changed = false;
    for (const [segmentId, field] of IDENTIFIER_FIELDS) {
      if (segmentId !== id) continue;
      const i = field + shift;
      const value = fields[i];
      if (value === undefined || value === '') continue;
      fields[i] = value
        .split(repetitionSep)
        .map((rep) => {
          const parts = rep.split(componentSep);
          if (parts[0] === '' || parts[0] === '""') return rep;
          parts[0] += suffix;
          return parts.join(componentSep);
        })
        .join(repetitionSep);
      changed = true;
    }
    return changed ? fields.join(fieldSep) : segment;
  });
  return Buffer.from(out, 'latin1');
}
