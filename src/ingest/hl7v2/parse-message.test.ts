import { describe, expect, it } from 'vitest';
import { escapeValue, unescapeValue } from './escape-sequences.js';
import { DEFAULT_ENCODING } from './encoding-characters.js';
import { Hl7ParseError } from './parse-error.js';
import { parseHl7Message } from './parse-message.js';

const MSH =
  'MSH|^~\\&|LAB|RXH^1.2.826.0.1^ISO|HEARTWOOD|NHS|20240301120000+0000||ORU^R01^ORU_R01|MSG-1|P|2.5.1';

describe('parseHl7Message', () => {
  it('numbers MSH fields as the standard does (MSH-1 is the field separator)', () => {
    const m = parseHl7Message(MSH);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-3')).toBe('LAB');
    expect(m.get('MSH-4.2')).toBe('1.2.826.0.1');
    expect(m.messageType).toEqual({ code: 'ORU', trigger: 'R01', structure: 'ORU_R01' });
    expect(m.controlId).toBe('MSG-1');
    expect(m.version).toBe('2.5.1');
  });

  it('splits segments on CR, LF and CRLF alike and skips blank lines', () => {
    for (const sep of ['\r', '\n', '\r\n', '\r\n\r\n']) {
      const m = parseHl7Message([MSH, 'PID|1||123^^^RXH^MR', 'PV1|1|I'].join(sep));
      expect(m.segments.map((s) => s.id)).toEqual(['MSH', 'PID', 'PV1']);
      expect(m.get('PV1-2')).toBe('I');
    }
  });

  it('drops a UTF-8 byte-order mark and surrounding blank lines', () => {
    const m = parseHl7Message(`\uFEFF${MSH}\rPID|1||9\r\r\n`);
    expect(m.segments.map((s) => s.id)).toEqual(['MSH', 'PID']);
  });

  it('reads repetitions, components and subcomponents', () => {
    const m = parseHl7Message(
      `${MSH}\rPID|1||111^^^RXH&1.2.3&ISO^MR~9434765919^^^NHS^NH||SMITH^JOHN^PAUL~JONES^JOHN`,
    );
    expect(m.get('PID-3')).toBe('111');
    expect(m.get('PID-3.4')).toBe('RXH');
    expect(m.get('PID-3.4.2')).toBe('1.2.3');
    expect(m.get('PID-3[2].1')).toBe('9434765919');
    expect(m.get('PID-3[2].5')).toBe('NH');
    expect(m.getAll('PID-3.1')).toEqual(['111', '9434765919']);
    expect(m.getAll('PID-5.1')).toEqual(['SMITH', 'JONES']);
    expect(m.get('PID-5.3')).toBe('PAUL');
    expect(m.get('PID-5[3].1')).toBeUndefined();
    expect(m.get('PID-99')).toBeUndefined();
    const pid = m.segment('PID')!;
    expect(pid.repetitions(3)).toHaveLength(2);
    expect(pid.get('3[2].4')).toBe('NHS');
  });

  it('gives each reader the same parts of a field however often it is read, and its own list', () => {
    const m = parseHl7Message([MSH, 'PID|1||A^^^H^MR~~B^^^H^NH|||X\\T\\Y^ANNE'].join('\r'));
    const pid = m.segment('PID')!;
    expect(pid.fieldCount).toBe(6);
    const first = pid.repetitions(3);
    expect(first.map((c) => c[0]![0])).toEqual(['A', 'B']);
    first.pop();
    expect(pid.repetitions(3)).toHaveLength(2);
    expect(pid.composite(3)).toBe(pid.repetitions(3)[0]);
    expect(pid.value(3, 1, 1, 3)).toBe('B');
    expect(pid.value(6, 1)).toBe('X&Y');
    expect(pid.value(7)).toBeUndefined();
    expect(pid.repetitions(0)).toEqual([]);
    expect(m.get('MSH-2')).toBe('^~\\&');
  });

  it('addresses the nth segment of a kind', () => {
    const m = parseHl7Message(`${MSH}\rOBX|1|NM|A\rOBX|2|ST|B\rOBX|3|TX|C`);
    expect(m.get('OBX[2]-3')).toBe('B');
    expect(m.get('OBX[3]-2')).toBe('TX');
    expect(m.get('OBX[4]-2')).toBeUndefined();
    expect(m.all('OBX').map((s) => s.sequence)).toEqual([2, 3, 4]);
  });

  it('decodes escape sequences after splitting, so escaped delimiters stay data', () => {
    const m = parseHl7Message(`${MSH}\rNTE|1||A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F\\.br\\line two`);
    expect(m.get('NTE-3')).toBe('A|B^C&D~E\\F\nline two');
    expect(m.segment('NTE')!.repetitions(3)).toHaveLength(1);
  });

  it('decodes hexadecimal escapes as UTF-8 and formatting commands as text', () => {
    expect(unescapeValue('caf\\XC3A9\\', DEFAULT_ENCODING)).toBe('café');
    expect(unescapeValue('A\\.sp2\\B\\.in+4\\C\\H\\bold\\N\\', DEFAULT_ENCODING)).toBe('A\n\nBCbold');
    // Unknown sequences and a lone escape character are kept as written.
    expect(unescapeValue('a\\Zlocal\\b', DEFAULT_ENCODING)).toBe('a\\Zlocal\\b');
    expect(unescapeValue('C:\\temp', DEFAULT_ENCODING)).toBe('C:\\temp');
  });

  it('escapes every delimiter so a value round-trips', () => {
    const value = 'a|b^c&d~e\\f\r\ng';
    const escaped = escapeValue(value, DEFAULT_ENCODING);
    expect(escaped).not.toMatch(/[|^&~\r\n]/);
    expect(unescapeValue(escaped, DEFAULT_ENCODING)).toBe(value);
  });

  it('honours the delimiters the message declares', () => {
    const m = parseHl7Message('MSH#$%*!#APP#FAC#####ADT$A01#1#P#2.3\rPID#1##42$$$AUTH*9.9$MR%43');
    expect(m.encoding).toEqual({
      field: '#',
      component: '$',
      repetition: '%',
      escape: '*',
      subcomponent: '!',
    });
    expect(m.messageType.trigger).toBe('A01');
    expect(m.getAll('PID-3.1')).toEqual(['42', '43']);
    expect(m.get('PID-3.4')).toBe('AUTH*9.9');
  });

  it('accepts the v2.7 truncation character as a fifth encoding character', () => {
    const m = parseHl7Message('MSH|^~\\&#|A|B|C|D|20240101||ADT^A08|X|P|2.8\rPID|1||7^^^H^MR');
    expect(m.encoding.subcomponent).toBe('&');
    expect(m.get('PID-3.4')).toBe('H');
  });

  it('treats empty values and the explicit null "" as absent', () => {
    const m = parseHl7Message(`${MSH}\rPID|1|""|  |`);
    expect(m.get('PID-2')).toBeUndefined();
    expect(m.get('PID-3')).toBeUndefined();
  });

  it('takes the trigger from EVN-1 when MSH-9 has none (v2.1/2.2 style)', () => {
    const m = parseHl7Message('MSH|^~\\&|A|B|C|D|20240101||ADT|X|P|2.2\rEVN|A03|20240101');
    expect(m.messageType).toEqual({ code: 'ADT', trigger: 'A03', structure: '' });
  });

  it.each([
    ['', /empty/],
    ['\uFEFF  \r\n', /empty/],
    ['PID|1||123', /does not start with an MSH/],
    ['MSHX^~\\&|A', /MSH-1/],
    ['MSH|^~|A|B', /MSH-2 encoding characters/],
    ['MSH|^^\\&|A|B', /MSH-2 encoding characters/],
    ['MSH|^~\\&', /MSH-2 encoding characters/],
    [`${MSH}\rpid|x`, /Segment 2 starts with "pid"/],
    [`${MSH}\rthis is not a segment`, /not a segment id/],
    [`${MSH}\r${MSH}`, /second MSH/],
    [`FHS|^~\\&\r${MSH}`, /does not start with an MSH/],
    [`${MSH}\rBHS|^~\\&`, /batches/],
    [`${MSH}\rPID|1\u0000\u0001\u0002`, /control character 0x00/],
  ])('rejects malformed input %j with a clear Hl7ParseError', (input, reason) => {
    expect(() => parseHl7Message(input)).toThrow(Hl7ParseError);
    expect(() => parseHl7Message(input)).toThrow(reason);
  });

  it('rejects binary junk and oversized input without crashing', () => {
    const junk = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => parseHl7Message(junk)).toThrow(Hl7ParseError);
    expect(() => parseHl7Message(`${MSH}\rNTE|1||${'x'.repeat(2000)}`, { maxLength: 1000 })).toThrow(
      /limit is 1000/,
    );
  });

  it('parses a large message quickly', () => {
    const obx = Array.from(
      { length: 20_000 },
      (_, i) => `OBX|${i + 1}|NM|718-7^Hb^LN||${i}|g/L|120-160|N|||F`,
    );
    const started = performance.now();
    const m = parseHl7Message([MSH, 'PID|1||1^^^H^MR', ...obx].join('\r'));
    expect(m.all('OBX')).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
