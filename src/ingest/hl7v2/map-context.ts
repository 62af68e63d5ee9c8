import type { DateConverter } from './hl7-datetime.js';
import { leaf } from './hl7-message.js';
import type { Hl7Composite, Hl7Message } from './hl7-message.js';
import { createTransactionBuilder } from './transaction-builder.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { HL7V2_BASE, SOURCE_BASE } from './systems.js';

/** Everything a segment mapper needs; one per message. */
export interface MapContext {
  message: Hl7Message;
  dates: DateConverter;
  builder: TransactionBuilder;
  /** `meta.source` of every resource written: the sending facility and application. */
  source: string;
  /** Identifier system for ids that name no assigning authority: local to the sending facility. */
  localSystem: string;
  warn(text: string): void;
  readonly warnings: string[];
}

/** The readable name of an HD (namespace, else universal id). */
export function hdName(hd: Hl7Composite | undefined): string | undefined {
  return leaf(hd, 1) ?? leaf(hd, 2);
}

export function createMapContext(message: Hl7Message, dates: DateConverter): MapContext {
  const msh = message.segment('MSH')!;
  const facility = hdName(msh.composite(4));
  const application = hdName(msh.composite(3));
  const source = `${SOURCE_BASE}/${encodeURIComponent(facility ?? '-')}/${encodeURIComponent(application ?? '-')}`;
  const warnings: string[] = [];
  return {
    message,
    dates,
    builder: createTransactionBuilder(source),
    source,
    localSystem: `${HL7V2_BASE}/local-id/${encodeURIComponent(facility ?? application ?? 'unknown-sender')}`,
    warn: (text) => {
      if (!warnings.includes(text)) warnings.push(text);
    },
    warnings,
  };
}
