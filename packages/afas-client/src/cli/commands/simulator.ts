import { canonicalXml } from '../../token.js';
import { integer, oneOf, parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { write } from '../io.js';
import { errorCode } from '../json.js';
import { type FlagSpecs, flagHelp, UsageError } from '../kit.js';

const SEEDS = ['demo'] as const;

const FLAGS = {
  port: {
    type: 'string',
    short: 'p',
    value: '<N>',
    description: 'port to listen on (default 0: a free one)',
  },
  seed: {
    type: 'string',
    value: 'demo',
    description:
      'the data to start from: demo (administration 1 "Demo B.V.", journals, accounts, VAT codes, creditors, periods, dossier types; see docs/testing.md)',
  },
  latency: { type: 'string', value: '<ms>', description: 'delay before every answer (default 0)' },
} as const satisfies FlagSpecs;

/** `afas simulator`: the SDK's AFAS simulator as a local server, until interrupted. */
export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run the AFAS simulator on loopback, for trying the CLI and your code',
  help: `Usage: afas simulator [--port N] [--seed demo] [--latency ms]

Starts the AFAS simulator of afas-client/testing as an HTTP server on 127.0.0.1, prints its base
URL and a token for it, and runs until stopped (Ctrl-C). The token is the simulator's own test
token, not a secret. Point the CLI or your code at it:

  AFAS_BASE_URL=http://127.0.0.1:PORT/ProfitRestServices AFAS_TOKEN='<token>…</token>' afas check

${flagHelp(FLAGS)}`,
  flags: FLAGS,
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('simulator', argv, FLAGS);
    positionals('simulator', args, 0, 0, '[--port N] [--seed demo]');
    const port = integer('--port', values.port, 0, 65_535) ?? 0;
    const seedName = oneOf('--seed', values.seed, SEEDS) ?? 'demo';
    const latencyMs = integer('--latency', values.latency, 0, 60_000) ?? 0;
    const signal = io.signal;
    if (signal === undefined)
      throw new UsageError('afas simulator runs until interrupted, but nothing can interrupt it here.');

    // Loaded on demand: the other commands need none of the simulator.
    const { demoSeed, startAfasSimulator } = await import('../../testing/index.js');
    const seed = { demo: demoSeed }[seedName];
    let running: Awaited<ReturnType<typeof startAfasSimulator>>;
    try {
      running = await startAfasSimulator({ port, seed, latencyMs });
    } catch (error) {
      const code = errorCode(error);
      throw new UsageError(
        `Cannot listen on 127.0.0.1:${port}${code ? ` (${code})` : ''}.`,
        'Pick another --port, or 0 for a free one.',
      );
    }
    const tokenData = seed.appConnectors[0]?.tokens?.[0];
    const token = tokenData === undefined ? undefined : canonicalXml({ version: '1', data: tokenData });
    await write(
      io.stdout,
      [
        `AFAS simulator (seed ${seedName}) listening on ${running.url}`,
        ...(token === undefined ? [] : [`Token: ${token}`]),
        '',
        'In another shell:',
        `  export AFAS_BASE_URL=${running.url}`,
        ...(token === undefined ? [] : [`  export AFAS_TOKEN='${token}'`]),
        '  afas check',
        '',
        'Stop with Ctrl-C.',
        '',
      ].join('\n'),
    );
    try {
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    } finally {
      await running.close();
    }
    await write(io.stderr, 'Simulator stopped.\n');
  },
};
