#!/usr/bin/env -S node --max-semi-space-size=64
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// exitCode rather than exit(): stdout may still be flushing to a pipe.
process.exitCode = await runCli(process.argv.slice(2), processIo());
