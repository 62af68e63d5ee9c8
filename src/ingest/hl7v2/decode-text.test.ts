import { describe, expect, it } from 'vitest';
import { decodeMessageBytes } from './decode-text.js';

const msh = (charset = '') => `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5||||||${charset}\r`;

describe('decodeMessageBytes', () => {
  it('reads UTF-8 and drops a byte-order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${msh()}PID|1||1||Zoë`, 'utf8'),
    ]);
    const d = decodeMessageBytes(bytes);
    expect(d.text.startsWith('MSH|')).toBe(true);
    expect(d.text.endsWith('Zoë')).toBe(true);
    expect(d.warning).toBeUndefined();
  });

  it('uses the character set declared in MSH-18', () => {
    const bytes = Buffer.from(`${msh('8859/1')}PID|1||1||Zoë`, 'latin1');
    expect(decodeMessageBytes(bytes)).toMatchObject({ charset: 'iso-8859-1' });
    expect(decodeMessageBytes(bytes).text.endsWith('Zoë')).toBe(true);
  });

  it('reads undeclared bytes that are not UTF-8 as Windows-1252, with a warning', () => {
    const bytes = Buffer.from(`${msh()}NTE|1||£5 – paid`, 'latin1');
    bytes[bytes.length - 6] = 0x96; // an en dash in Windows-1252
    const d = decodeMessageBytes(bytes);
    expect(d.charset).toBe('windows-1252');
    expect(d.text.slice(-9)).toBe('£5 – paid');
    expect(d.warning).toMatch(/not valid UTF-8/);
  });
});
