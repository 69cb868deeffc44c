#!/usr/bin/env node
import { run } from './main.js';

// SIGTERM and SIGINT stop a running `watch` in an orderly way; a second one ends the process at once.
const stop = new AbortController();
for (const name of ['SIGTERM', 'SIGINT'] as const) {
  process.on(name, () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  });
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: stop.signal,
});
// Nothing may keep the process alive after the command (a stray socket or timer).
process.exit();
