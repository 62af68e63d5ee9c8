import { describe, expect, it } from 'vitest';
import { splitMessages } from './split-messages.js';

const text = (b: Buffer[]) => b.map((m) => m.toString('utf8'));

describe('splitMessages', () => {
  it('splits at each MSH, whatever the line endings', () => {
    const file = 'MSH|^~\\&|A|||||ADT^A01|1|P|2.5\nPID|1\n\nMSH|^~\\&|A|||||ADT^A08|2|P|2.5\r\nPID|2\r\n';
    expect(text(splitMessages(Buffer.from(file)))).toEqual([
      'MSH|^~\\&|A|||||ADT^A01|1|P|2.5\rPID|1',
      'MSH|^~\\&|A|||||ADT^A08|2|P|2.5\rPID|2',
    ]);
  });

  it('drops batch envelopes, byte-order marks and MLLP framing bytes', () => {
    const file = '\uFEFFFHS|^~\\&\rBHS|^~\\&\r\x0bMSH|^~\\&|A|||||ORU^R01|1|P|2.5\rOBX|1\x1c\r\rBTS|1\rFTS|1';
    expect(text(splitMessages(Buffer.from(file)))).toEqual(['MSH|^~\\&|A|||||ORU^R01|1|P|2.5\rOBX|1']);
  });

  it('keeps what comes before the first MSH as a piece of its own, so it is rejected, not lost', () => {
    expect(text(splitMessages(Buffer.from('not hl7\nMSH|^~\\&|A|||||ADT^A01|1|P|2.5')))).toEqual([
      'not hl7',
      'MSH|^~\\&|A|||||ADT^A01|1|P|2.5',
    ]);
    expect(splitMessages(Buffer.from('\n \r\n'))).toEqual([]);
  });

  it('leaves the bytes of each message untouched (so MSH-18 still decides the character set)', () => {
    const latin = Buffer.from('MSH|^~\\&|A|||||ADT^A01|1|P|2.5|||||8859/1\rPID|1||1||Zoë', 'latin1');
    expect(splitMessages(latin)[0]).toEqual(latin);
  });
});
