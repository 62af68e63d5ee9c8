import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyed-lock.js';

/** A task that records when it starts and runs until `finish` is called. */
function gate(name: string, log: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish,
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createKeyedLock', () => {
  it('runs tasks with no key in common at the same time', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const a = gate('a', log);
    const b = gate('b', log);
    const ra = lock.run(['x'], a.task);
    const rb = lock.run(['y'], b.task);
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    a.finish();
    expect(await Promise.all([ra, rb])).toEqual(['a', 'b']);
    expect(lock.pending).toBe(0);
  });

  it('runs tasks sharing a key one after another, in the order they asked', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const a = gate('a', log);
    const b = gate('b', log);
    const c = gate('c', log);
    const ra = lock.run(['x', 'y'], a.task);
    const rb = lock.run(['y'], b.task);
    const rc = lock.run(['z', 'y'], c.task);
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await ra;
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.finish();
    await rb;
    await settle();
    expect(log.at(-1)).toBe('start c');
    c.finish();
    await rc;
  });

  it('makes a later task wait for an earlier one that is itself still waiting', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const a = gate('a', log);
    const b = gate('b', log);
    const c = gate('c', log);
    const ra = lock.run(['x'], a.task);
    const rb = lock.run(['x', 'y'], b.task);
    // c shares only y with b, which has not started: c must not overtake it.
    const rc = lock.run(['y'], c.task);
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    b.finish();
    c.finish();
    await Promise.all([ra, rb, rc]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets the next task run when one fails', async () => {
    const lock = createKeyedLock();
    const failed = lock.run(['x'], async () => {
      throw new Error('boom');
    });
    const next = lock.run(['x'], async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});
