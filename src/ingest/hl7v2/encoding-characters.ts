/** The five delimiters a message declares in MSH-1 and MSH-2. */
export interface EncodingCharacters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** The delimiters almost every sender uses, and the ones Heartwood writes its own ACKs with. */
export const DEFAULT_ENCODING: EncodingCharacters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** MSH-2 as it is written: component, repetition, escape, subcomponent. */
export function encodingField(e: EncodingCharacters): string {
  return `${e.component}${e.repetition}${e.escape}${e.subcomponent}`;
}
