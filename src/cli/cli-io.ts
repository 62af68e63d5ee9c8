/**
 * What a command may touch of the outside world. The binary passes the real process; tests pass
 * their own, so commands never reach for globals.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars) or a log (plain periodic lines). */
  interactive: boolean;
  /** Calls `handler` on any of the signals; returns a function that stops listening. */
  onSignal: (signals: NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void) => () => void;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    onSignal: (signals, handler) => {
      for (const s of signals) process.on(s, handler);
      return () => {
        for (const s of signals) process.off(s, handler);
      };
    },
  };
}
