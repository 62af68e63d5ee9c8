/** A job running in the background until stopped. */
export interface BackgroundLoop {
  /** Stops the timer and waits for the round under way. */
  stop(): Promise<void>;
}

/**
 * Calls `round` every `intervalMs`, one round at a time (a slow round delays the next rather than
 * overlapping it). A failed round is dropped: the next one starts from what the database says. The
 * timer does not keep the process alive. `round` is told whether the loop is stopping, so it can
 * skip work it has not started.
 */
export function startBackgroundLoop(
  round: (stopping: () => boolean) => Promise<unknown>,
  intervalMs: number,
): BackgroundLoop {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const stopping = () => stopped;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : round(stopping))).catch(() => 0);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
