import { describe, expect, it } from 'vitest';
import { buildAck, headerOf, sniffHeader } from './build-ack.js';
import { parseHl7Message } from './parse-message.js';

const NOW = new Date('2024-03-01T12:00:00Z');
const ME = { application: 'HEARTWOOD', facility: 'NHS' };

function ack(text: string) {
  const m = parseHl7Message(text);
  return {
    m,
    msh: m.segment('MSH')!,
    msa: m.segment('MSA')!,
    err: m.segment('ERR'),
  };
}

describe('buildAck', () => {
  const message = parseHl7Message(
    'MSH|^~\\&|PAS|RXH^1.2.3^ISO|EPR|TRUST|20240301||ADT^A01^ADT_A01|CTRL-42|T|2.5.1',
  );

  it('answers AA, echoing the control id and swapping sender and receiver', () => {
    const a = ack(buildAck(headerOf(message), { code: 'AA' }, ME, NOW));
    expect(a.m.messageType).toEqual({ code: 'ACK', trigger: 'A01', structure: 'ACK' });
    expect(a.msh.get('3')).toBe('EPR');
    expect(a.msh.get('4')).toBe('TRUST');
    expect(a.msh.get('5')).toBe('PAS');
    expect(a.msh.get('6.2')).toBe('1.2.3');
    expect(a.msh.get('6.3')).toBe('ISO');
    expect(a.msh.get('7')).toBe('20240301120000+0000');
    expect(a.msh.get('11')).toBe('T');
    expect(a.msh.get('12')).toBe('2.5.1');
    expect(a.m.controlId).toMatch(/^[0-9a-f]{20}$/);
    expect(a.msa.get('1')).toBe('AA');
    expect(a.msa.get('2')).toBe('CTRL-42');
    expect(a.err).toBeUndefined();
  });

  it('answers AE with an ERR segment locating the error and saying why (v2.5+)', () => {
    const text = buildAck(
      headerOf(message),
      {
        code: 'AE',
        errorCode: '101',
        reason: 'PID-3 (patient identifier list) holds no identifier | nothing ^ to key on',
        location: { segment: 'PID', sequence: 3, field: 3 },
      },
      ME,
      NOW,
    );
    const a = ack(text);
    expect(a.msa.get('1')).toBe('AE');
    expect(a.msa.get('2')).toBe('CTRL-42');
    // MSA-3 (withdrawn in v2.7) still carries the start of the reason for older receivers' screens.
    expect(a.msa.get('3')).toBe(
      'PID-3 (patient identifier list) holds no identifier | nothing ^ to key on'.slice(0, 80),
    );
    expect(a.err!.get('2')).toBe('PID');
    expect(a.err!.get('2.2')).toBe('3');
    expect(a.err!.get('2.3')).toBe('3');
    expect(a.err!.get('3')).toBe('101');
    expect(a.err!.get('3.2')).toBe('Required field missing');
    expect(a.err!.get('3.3')).toBe('HL70357');
    expect(a.err!.get('4')).toBe('E');
    // Delimiters in the reason are escaped, so the ACK still parses into the same fields.
    expect(a.err!.get('8')).toBe('PID-3 (patient identifier list) holds no identifier | nothing ^ to key on');
    expect(text.split('\r')).toHaveLength(3);
  });

  it('leaves out MSA-3 from v2.7 on', () => {
    const v28 = parseHl7Message('MSH|^~\\&|PAS|RXH|||20240301||ADT^A01^ADT_A01|C|P|2.8');
    const a = ack(buildAck(headerOf(v28), { code: 'AE', errorCode: '207', reason: 'x' }, ME, NOW));
    expect(a.msa.get('3')).toBeUndefined();
    expect(a.err!.get('8')).toBe('x');
  });

  it('uses ERR-1 and MSA-3 for receivers on v2.3/2.4', () => {
    const old = parseHl7Message('MSH|^~\\&|LAB||||20240301||ORU^R01|X9|P|2.3');
    const a = ack(
      buildAck(
        headerOf(old),
        { code: 'AR', errorCode: '200', reason: 'Message type ORU^R30 is not supported.' },
        ME,
        NOW,
      ),
    );
    expect(a.m.messageType).toEqual({ code: 'ACK', trigger: 'R01', structure: '' });
    expect(a.msh.get('3')).toBe('HEARTWOOD');
    expect(a.msh.get('4')).toBe('NHS');
    expect(a.msa.get('3')).toBe('Message type ORU^R30 is not supported.');
    expect(a.err!.get('1.4')).toBe('200');
    expect(a.err!.get('1.4.2')).toBe('Unsupported message type');
  });

  it('still acknowledges a message whose MSH could only be partly read', () => {
    const header = sniffHeader('\uFEFFMSH|^~\\&|APP|FAC|||20240101||ADT^A01|ABC|P|2.4\nPID|1\u0000junk');
    expect(header.controlId).toBe('ABC');
    const a = ack(buildAck(header, { code: 'AR', errorCode: '100', reason: 'binary' }, ME, NOW));
    expect(a.msa.get('2')).toBe('ABC');
    const blind = ack(buildAck(sniffHeader('\u0000\u0001garbage'), { code: 'AR', reason: 'x' }, ME, NOW));
    expect(blind.msa.get('1')).toBe('AR');
    expect(blind.msa.get('2')).toBeUndefined();
  });
});
