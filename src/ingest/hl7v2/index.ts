/** HL7 v2 feeds: parsing, mapping to FHIR R4, ACKs, the inbox, the MLLP listener and file import. */
export { parseHl7Message } from './parse-message.js';
export type { ParseOptions } from './parse-message.js';
export { Hl7ParseError } from './parse-error.js';
export type { Hl7Message, Hl7Segment, Hl7Composite, Hl7MessageType } from './hl7-message.js';
export type { EncodingCharacters } from './encoding-characters.js';
export { escapeValue, unescapeValue } from './escape-sequences.js';
export { decodeMessageBytes } from './decode-text.js';
export { splitMessages } from './split-messages.js';

export { SUPPORTED_MESSAGE_TYPES } from './map-message.js';
export { buildAck } from './build-ack.js';
export type { AckCode } from './build-ack.js';

export { createHl7v2Processor } from './process-message.js';
export type { Hl7v2Processor, Hl7v2ProcessorOptions, ProcessedMessage } from './process-message.js';

export { countInbox, getInboxMessage, listInbox } from './hl7v2-inbox.js';
export type { InboxMessage, InboxStatus } from './hl7v2-inbox.js';

export { createMllpServer, frameMessage } from './mllp-server.js';
export type { MllpServer, MllpServerEvent, MllpServerOptions } from './mllp-server.js';
export { createMllpDecoder } from './mllp-decoder.js';

export { importHl7v2Files } from './import-hl7v2-files.js';
export type { Hl7v2ImportedMessage, Hl7v2ImportOptions, Hl7v2ImportSummary } from './import-hl7v2-files.js';
