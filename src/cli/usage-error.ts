/** A mistake in how the command was called: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  readonly command: string;

  constructor(message: string, command = '') {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
