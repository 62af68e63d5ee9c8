/**
 * A message that cannot be read as HL7 v2 at all (no MSH, bad encoding characters, binary data, too
 * large). It is answered with AR: the sender has to fix the message, resending it cannot help.
 */
export class Hl7ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hl7ParseError';
  }
}
