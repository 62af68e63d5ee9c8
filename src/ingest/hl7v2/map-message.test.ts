import { describe, expect, it } from 'vitest';
import { rejectionOf } from './map-message.js';
import { parseHl7Message } from './parse-message.js';

describe('rejectionOf', () => {
  const msg = (type: string, control = 'C1', version = '2.5') =>
    parseHl7Message(`MSH|^~\\&|A|B|||20240101||${type}|${control}|P|${version}`);

  it('accepts the supported types only', () => {
    expect(rejectionOf(msg('ADT^A01^ADT_A01'))).toBeUndefined();
    expect(rejectionOf(msg('ORU^R01'))).toBeUndefined();
    expect(rejectionOf(msg('ADT^A06'))).toMatchObject({
      code: '201',
      reason: expect.stringMatching(/ADT\^A06 is not supported/),
    });
    expect(rejectionOf(msg('SIU^S12'))).toMatchObject({ code: '200' });
    expect(rejectionOf(msg('ADT^A01', ''))).toMatchObject({ code: '101' });
    expect(rejectionOf(msg('ADT^A01', 'C1', '3.0'))).toMatchObject({ code: '203' });
  });
});
