import { describe, expect, it } from 'vitest';
import { startBackgroundLoop } from './background-loop.js';

describe('background loop', () => {
  it('runs one round at a time, survives a failed round, and stop waits for the round under way', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    let finished = 0;
    const loop = startBackgroundLoop(async () => {
      rounds++;
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 15));
      active--;
      finished++;
      if (rounds === 1) throw new Error('first round fails');
    }, 5);
    while (rounds < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    expect(most).toBe(1);
    expect(active).toBe(0);
    expect(finished).toBe(rounds);
    const after = rounds;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(after);
  });
});
