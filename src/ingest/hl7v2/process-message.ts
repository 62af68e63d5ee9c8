import { FhirError } from '../../fhir/index.js';
import type { FhirService } from '../../rest/index.js';
import type { SqlExecutor } from '../../store/index.js';
import { buildAck, headerOf, sniffHeader } from './build-ack.js';
import type { AckCode, AckDetail, AckHeader } from './build-ack.js';
import { decodeMessageBytes } from './decode-text.js';
import { entryKey, forgetRecords, rememberWritten, resolveExistingRecords } from './existing-records.js';
import type { WriteMemory, WrittenRecord } from './existing-records.js';
import { createDateConverter } from './hl7-datetime.js';
import type { Hl7Message } from './hl7-message.js';
import { createInboxWriter } from './inbox-writer.js';
import { createTransactionGroup, GroupWriteFailed, writeTransaction } from './transaction-group.js';
import { Hl7MappingError } from './mapping-error.js';
import { mapMessage, rejectionOf } from './map-message.js';
import type { MapContext } from './map-context.js';
import { createKeyedLock } from './keyed-lock.js';
import { createRecentMap } from './recent-map.js';
import { Hl7ParseError } from './parse-error.js';
import { parseHl7Message } from './parse-message.js';
import type { PlannedEntry } from './transaction-builder.js';

export interface Hl7v2ProcessorOptions {
  /**
   * The FHIR service: every write goes through `handle` as a transaction, which messages ready at the
   * same time share (see transaction-group.ts).
   */
  service: Pick<FhirService, 'handle'>;
  /** Where the inbox lives (`opened.driver` from openStore). */
  driver: SqlExecutor;
  /** IANA time zone for times sent without a UTC offset; default Europe/London. */
  timeZone?: string;
  /** MSH-3 of ACKs when the message's MSH-5 is empty; default HEARTWOOD. */
  application?: string;
  /** MSH-4 of ACKs when the message's MSH-6 is empty. */
  facility?: string;
  /** Longest message accepted, in characters; default 16 MiB. */
  maxMessageLength?: number;
}

export interface ProcessedMessage {
  code: AckCode;
  /** The acknowledgement to send back, segments separated by CR (no MLLP framing). */
  ack: string;
  /** The message's row in the hl7v2_message inbox (absent only when the inbox could not be written). */
  inboxId?: string;
  controlId?: string;
  /** MSH-9.1^MSH-9.2, e.g. ADT^A01. */
  messageType?: string;
  /** Why the message was not accepted: safe to show to the sender (it only echoes their message). */
  reason?: string;
  /** HL7 table 0357 code of the error. */
  errorCode?: string;
  /** What was accepted but not mapped (kept in the inbox reason of accepted messages). */
  warnings: string[];
}

export interface Hl7v2Processor {
  /** Processes one message (bytes as received, or text) and answers with its ACK. Never throws. */
  process(input: Uint8Array | string): Promise<ProcessedMessage>;
  /**
   * Keeps what arrived of a message that cannot be taken whole (too large, or cut off by a new frame)
   * as `rejected` with the reason, and answers AR — naming the message when its MSH could be read.
   */
  reject(partial: Uint8Array | string, reason: string): Promise<ProcessedMessage>;
}

const ATTEMPTS = 3;
/** Records remembered from the processor's own writes (see existing-records.ts). */
const REMEMBERED = 10_000;
/**
 * How long a shared record (practitioner, location, the sender) found or made by a message is referred
 * to by id without searching again: it is never overwritten, so only its deletion could make the
 * reference stale, and only for this long.
 */
const SHARED_RECORD_MS = 60_000;

/**
 * The whole path of one message: parsed → kept in the inbox as received → mapped → written as one FHIR
 * transaction → outcome recorded → ACK. AA is only built after the transaction has committed (the
 * store commits before `handle` resolves) and the inbox row says so. A message refused before mapping
 * (unreadable, unsupported) is kept in the inbox with its outcome in one write. Messages run at the
 * same time unless their records share an identifier (or the Provenance id): those take turns, in the
 * order they arrived, so two messages about a new patient cannot both create it. Messages ready to
 * write while a transaction is under way share the next one, and inbox rows written at the same time
 * share a statement: a busy feed pays a round trip and a commit for several messages.
 */
export function createHl7v2Processor(o: Hl7v2ProcessorOptions): Hl7v2Processor {
  const dates = createDateConverter(o.timeZone);
  const identity = { application: o.application ?? 'HEARTWOOD', facility: o.facility };
  const lock = createKeyedLock();
  const inbox = createInboxWriter(o.driver);
  const group = createTransactionGroup({ service: o.service });
  const memory: WriteMemory = {
    records: createRecentMap<WrittenRecord>(REMEMBERED),
    sharedMs: SHARED_RECORD_MS,
    now: Date.now,
  };

  async function run(input: Uint8Array | string): Promise<ProcessedMessage> {
    const decoded = typeof input === 'string' ? { text: input } : decodeMessageBytes(input);
    const text = decoded.text;
    const warnings = 'warning' in decoded && decoded.warning ? [decoded.warning] : [];
    let header: AckHeader = sniffHeader(text);
    const sniffedType = sniffType(text);

    const refuse = async (detail: AckDetail, messageType: string | undefined) => {
      try {
        const inboxId = await inbox.received({
          raw: text,
          controlId: header.controlId,
          messageType,
          outcome: { status: 'rejected', reason: detail.reason },
        });
        return answer(header, detail, warnings, inboxId, messageType);
      } catch {
        return answer(header, storeFailure, warnings, undefined, messageType);
      }
    };

    let message: Hl7Message;
    try {
      message = parseHl7Message(text, { maxLength: o.maxMessageLength });
    } catch (e) {
      if (e instanceof Hl7ParseError)
        return refuse({ code: 'AR', errorCode: '100', reason: e.message }, sniffedType);
      return refuse({ code: 'AR', errorCode: '207', reason: 'The message could not be read.' }, sniffedType);
    }
    header = headerOf(message);
    const messageType = `${message.messageType.code}^${message.messageType.trigger}`;
    const rejection = rejectionOf(message);
    if (rejection)
      return refuse({ code: 'AR', errorCode: rejection.code, reason: rejection.reason }, messageType);

    let inboxId: string;
    try {
      inboxId = await inbox.received({ raw: text, controlId: header.controlId, messageType });
    } catch {
      return answer(header, storeFailure, warnings, undefined, messageType);
    }

    const finish = async (detail: AckDetail, cause?: string): Promise<ProcessedMessage> => {
      const status = detail.code === 'AA' ? 'accepted' : detail.code === 'AE' ? 'error' : 'rejected';
      const reason =
        detail.code === 'AA'
          ? warnings.length > 0
            ? warnings.join('\n')
            : undefined
          : [detail.reason, cause].filter((r) => r !== undefined).join('\n');
      try {
        await inbox.outcome(inboxId, { status, reason });
      } catch {
        // The data may be committed, but an AA must never go out without its inbox record: the sender
        // resends, which is safe because every write is keyed on identifiers.
        return answer(
          header,
          {
            code: 'AE',
            errorCode: '207',
            reason: 'The outcome could not be recorded; send the message again.',
          },
          warnings,
          inboxId,
          messageType,
        );
      }
      return answer(header, detail, warnings, inboxId, messageType);
    };

    let first: MapContext;
    try {
      first = mapMessage(message, dates);
    } catch (e) {
      const failed = failureOf(e);
      return finish(failed.detail, failed.cause);
    }
    const detail = await lock.run(
      recordKeys(first, memory),
      async (): Promise<{ detail: AckDetail; cause?: string }> => {
        // A write from memory that was out of date does not use up one of the message's attempts, and
        // neither does a shared transaction that failed: the message then writes on its own.
        let attempts = ATTEMPTS;
        let alone = false;
        for (let attempt = 1; ; attempt++) {
          try {
            // Each attempt starts from a fresh mapping: resolving against the store changes the entries,
            // and the service rewrites a Bundle's references in place.
            const ctx = attempt === 1 ? first : mapMessage(message, dates);
            const fromMemory = await resolveExistingRecords(o.service, ctx.builder, memory);
            if (fromMemory && attempt === 1) attempts++;
            const bundle = ctx.builder.toBundle();
            const responses = alone
              ? await writeTransaction(o.service, bundle)
              : await group.write(bundle, writtenKeys(ctx.builder.written()).concat(ctx.builder.fixedUrls()));
            warnings.push(...ctx.warnings);
            rememberWritten(ctx.builder, responses, memory);
            return { detail: { code: 'AA' } };
          } catch (e) {
            if (e instanceof GroupWriteFailed) {
              alone = true;
              attempts++;
              continue;
            }
            // What was remembered may be what made the write fail (someone changed the record since).
            forgetRecords(first.builder, memory);
            if (e instanceof FhirError) {
              const changedMeanwhile =
                e.issues.some((i) => i.detailsCode === 'HW-RES-003') || e.status === 409;
              if (changedMeanwhile && attempt < attempts) continue;
              return { detail: fhirFailure(e, changedMeanwhile) };
            }
            return failureOf(e);
          }
        }
      },
    );
    // AA here means the transaction has committed: only now may the inbox say accepted and the ACK go.
    return finish(detail.detail, detail.cause);
  }

  function answer(
    header: AckHeader,
    detail: AckDetail,
    warnings: string[],
    inboxId?: string,
    messageType?: string,
  ): ProcessedMessage {
    return {
      code: detail.code,
      ack: buildAck(header, detail, identity),
      ...(inboxId !== undefined && { inboxId }),
      ...(header.controlId !== undefined && { controlId: header.controlId }),
      ...(messageType !== undefined && { messageType }),
      ...(detail.reason !== undefined && { reason: detail.reason }),
      ...(detail.errorCode !== undefined && { errorCode: detail.errorCode }),
      warnings,
    };
  }

  async function rejectPartial(partial: Uint8Array | string, reason: string): Promise<ProcessedMessage> {
    const text = typeof partial === 'string' ? partial : decodeMessageBytes(partial).text;
    const header = sniffHeader(text);
    const messageType = sniffType(text);
    const detail: AckDetail = { code: 'AR', errorCode: '100', reason };
    try {
      const inboxId = await inbox.received({
        raw: text,
        controlId: header.controlId,
        messageType,
        outcome: { status: 'rejected', reason },
      });
      return answer(header, detail, [], inboxId, messageType);
    } catch {
      return answer(header, detail, [], undefined, messageType);
    }
  }

  return { process: run, reject: rejectPartial };
}

const storeFailure: AckDetail = {
  code: 'AE',
  errorCode: '207',
  reason: 'The message could not be stored; send it again later.',
};

/** A mapping error says what is missing; anything else is told no more than that it failed. */
function failureOf(e: unknown): { detail: AckDetail; cause?: string } {
  if (e instanceof Hl7MappingError)
    return { detail: { code: 'AE', errorCode: e.code, reason: e.message, location: e.location } };
  // The inbox keeps the cause for whoever investigates.
  return {
    detail: { code: 'AE', errorCode: '207', reason: 'Internal error while storing the message.' },
    cause: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  };
}

/**
 * What a message's records can collide on with another message's: every identifier of every record
 * it may write (a record is found by any of them, not only its key) and the Provenance's fixed id. A
 * shared record (create-if-absent) this processor saw stored within `memory.sharedMs` is not written,
 * only referred to, so it is left out: otherwise every message from one sender would wait for the one
 * before.
 */
function recordKeys(ctx: MapContext, memory: WriteMemory): string[] {
  const entries = ctx.builder.entries().filter((e) => {
    const seen = memory.records.get(entryKey(e));
    return !(e.mode === 'create-if-absent' && seen && memory.now() - seen.at < memory.sharedMs);
  });
  return writtenKeys(entries).concat(ctx.builder.fixedUrls());
}

/** Each entry's key and every identifier it carries: a record may be found by any of them. */
function writtenKeys(entries: readonly PlannedEntry[]): string[] {
  const keys: string[] = [];
  for (const e of entries) {
    keys.push(entryKey(e));
    for (const i of (e.resource.identifier as { system?: string; value?: string }[] | undefined) ?? [])
      if (i.value !== undefined) keys.push(`${e.resourceType}|${i.system ?? ''}|${i.value}`);
  }
  return keys;
}

/** A FHIR rejection of the mapped records, said in terms of the records rather than Bundle entries. */
function fhirFailure(e: FhirError, changedMeanwhile: boolean): AckDetail {
  const diagnostics = e.issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .slice(0, 3)
    .map((i) => i.diagnostics.replace(/^Bundle\.entry\[\d+\]: /, ''))
    .join('; ');
  if (changedMeanwhile) {
    return {
      code: 'AE',
      errorCode: '206',
      reason: `Records kept changing while the message was applied: ${diagnostics}`,
    };
  }
  if (e.issues.some((i) => i.detailsCode === 'HW-RES-005')) {
    return {
      code: 'AE',
      errorCode: '205',
      reason: `More than one stored record matches an identifier of the message: ${diagnostics}`,
    };
  }
  return {
    code: 'AE',
    errorCode: e.status >= 500 ? '207' : '102',
    reason: `The FHIR records made from the message are not valid: ${diagnostics}`,
  };
}

/** MSH-9 read from the first line, for the inbox row of a message that does not parse. */
function sniffType(text: string): string | undefined {
  const line = text.replace(/^[\uFEFF\s]+/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (!line.startsWith('MSH') || line.length < 4) return undefined;
  const field = line[3]!;
  const component = line[4] ?? '^';
  const msh9 = line.split(field)[8];
  if (msh9 === undefined || msh9 === '') return undefined;
  const [code, trigger] = msh9.split(component);
  return `${(code ?? '').slice(0, 10)}^${(trigger ?? '').slice(0, 10)}`;
}
