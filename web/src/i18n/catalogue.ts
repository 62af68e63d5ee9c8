import type { PluralMessage } from './message.js';
import type { en } from './messages-en.js';

/** English is the source catalogue: its keys are the message ids. */
export type MessageId = keyof typeof en;

/** Every other catalogue has every message, plural where English is plural. */
export type Catalogue = {
  [K in MessageId]: (typeof en)[K] extends string ? string : PluralMessage;
};
