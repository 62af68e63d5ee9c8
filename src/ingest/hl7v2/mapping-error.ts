/** A mapping failure the sender can act on (a required value is missing or unusable): answered AE. */
export class Hl7MappingError extends Error {
  constructor(
    message: string,
    /** Where, as `SEG^sequence^field` for ERR-2, when one place is to blame. */
    readonly location?: { segment: string; sequence: number; field: number },
    /** HL7 table 0357 code: 101 required field missing, 102 data type error… */
    readonly code: '101' | '102' | '103' | '207' = '101',
  ) {
    super(message);
    this.name = 'Hl7MappingError';
  }
}
