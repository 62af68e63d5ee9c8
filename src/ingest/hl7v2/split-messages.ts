const BATCH_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
// Blank characters, a UTF-8 BOM (read as Latin-1) and MLLP framing bytes left in captured streams.
// eslint-disable-next-line no-control-regex -- MLLP framing bytes are control characters
const LEADING = /^[\u00EF\u00BB\u00BF\x0B\x1C\s]+/;

/**
 * Splits a file's bytes into messages at each MSH segment. Files hold one message, several one after
 * another, or a batch (FHS/BHS … BTS/FTS, whose envelope segments are dropped). Anything that is not
 * blank before the first MSH becomes a piece of its own, so it is rejected and kept rather than
 * silently skipped. Works on bytes, so each message keeps its own character set (MSH-18).
 */
export function splitMessages(bytes: Buffer): Buffer[] {
  // Latin-1 maps each byte to one character and back, so no byte is changed by the round trip.
  const lines = bytes
    .toString('latin1')
    .split(/\r\n|\r|\n/)
    // eslint-disable-next-line no-control-regex -- MLLP framing bytes are control characters
    .map((l) => l.replace(/[\x0B\x1C]/g, ''));
  const pieces: string[][] = [[]];
  for (const line of lines) {
    const content = line.replace(LEADING, '');
    if (content.trim() === '' || BATCH_SEGMENTS.has(content.slice(0, 3))) continue;
    if (/^MSH[^A-Za-z0-9\s]/.test(content)) pieces.push([content]);
    else pieces.at(-1)!.push(content);
  }
  return pieces.filter((p) => p.length > 0).map((p) => Buffer.from(p.join('\r'), 'latin1'));
}
