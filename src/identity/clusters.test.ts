import { describe, expect, it } from 'vitest';
import { connectedComponents } from './clusters.js';

describe('connected components', () => {
  it('joins linked items transitively and keeps singletons', () => {
    const groups = connectedComponents(6, [
      [0, 3],
      [3, 5],
      [1, 2],
    ]);
    expect(groups).toEqual([[0, 3, 5], [1, 2], [4]]);
  });
});
