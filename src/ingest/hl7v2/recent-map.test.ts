import { describe, expect, it } from 'vitest';
import { createRecentMap } from './recent-map.js';

describe('createRecentMap', () => {
  it('forgets the least recently set entry beyond its limit', () => {
    const m = createRecentMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    m.set('c', 4);
    expect(m.has('b')).toBe(false);
    expect(m.get('a')).toBe(3);
    expect(m.get('c')).toBe(4);
    expect(m.size).toBe(2);
  });

  it('deletes on request', () => {
    const m = createRecentMap<string>(5);
    m.set('a', 'x');
    m.delete('a');
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(0);
  });
});
