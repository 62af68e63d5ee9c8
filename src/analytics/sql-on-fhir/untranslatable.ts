/** Thrown where a FHIRPath construct has no SQL translation; the compiler reports it as notSupported. */
export class Untranslatable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Untranslatable';
  }
}
