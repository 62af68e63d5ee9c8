export { runCli, MAIN_HELP } from './run-cli.js';
export { processIo } from './cli-io.js';
export type { CliIo } from './cli-io.js';
