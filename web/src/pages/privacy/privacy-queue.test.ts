import { describe, expect, it } from 'vitest';
import { readPrivacyQueue } from './privacy-queue.js';

describe('readPrivacyQueue', () => {
  it('reads break-glass grants and concerns from the Parameters', () => {
    const queue = readPrivacyQueue({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'break-glass',
          part: [
            { name: 'grant', valueString: 'g1' },
            { name: 'agent', valueString: 'Dr A' },
            { name: 'patient', valueReference: { reference: 'Patient/p1' } },
            { name: 'reason', valueCoding: { code: 'emergency-care' } },
            { name: 'text', valueString: 'Unconscious' },
            { name: 'granted', valueInstant: '2026-03-03T10:00:00Z' },
          ],
        },
        { name: 'concern', resource: { resourceType: 'Task', id: 't1', description: 'Who is this?' } },
      ],
    });
    expect(queue.glass).toEqual([
      {
        grant: 'g1',
        agent: 'Dr A',
        organization: undefined,
        patient: 'p1',
        reason: 'emergency-care',
        text: 'Unconscious',
        granted: '2026-03-03T10:00:00Z',
        expires: undefined,
      },
    ]);
    expect(queue.concerns.map((c) => c.id)).toEqual(['t1']);
  });
});
