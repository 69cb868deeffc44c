/**
 * What a documentation sample may assume, loaded with `node --import` before each sample runs (see
 * `../docs.test.ts`). Samples are written for a real AFAS environment, `O12345AA`, with the token in
 * `AFAS_TOKEN`; this prelude:
 *
 * - sends every request for environment 12345 (`https://12345.rest*.afas.online/…`) to the simulator's
 *   loopback server at `DOCS_SIMULATOR_URL`, and refuses any other host: a sample never reaches the
 *   internet;
 * - maps a relative `./x.js` import to `./x.ts` when only the TypeScript file exists, as a TypeScript
 *   build would (`./afas.generated.js` in docs/cli.md);
 * - defines the placeholders the samples use without defining them, as globals: `afas` (a client for
 *   O12345AA), `handle(row)`, `report`/`reports` (the demo expense reports), `settings` (declaree-afas
 *   settings for the demo environment), `entry` (a purchase entry AFAS refuses), `log`, and `simulator`
 *   (an in-memory simulator, for the samples of docs/testing.md).
 *
 * Runs under Node's type stripping against the built packages (`dist`), as a user's code would.
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AfasClient } from 'afas-client';
import { createAfasSimulator } from 'afas-client/testing';

const target = process.env['DOCS_SIMULATOR_URL'];
if (target === undefined) throw new Error('DOCS_SIMULATOR_URL is not set');
const simulatorUrl = new URL(target);

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.\.?\/.*\.js$/.test(specifier) && context.parentURL?.startsWith('file:')) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(fileURLToPath(ts)))
        return nextResolve(ts.href, context);
    }
    return nextResolve(specifier, context);
  },
});

const realFetch = globalThis.fetch;
/** Environment 12345 in production, test and accept, as `resolveEnvironment` builds them. */
const AFAS_HOST = /^12345\.rest(test|accept)?\.afas\.online$/;

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.hostname === simulatorUrl.hostname && url.port === simulatorUrl.port) return realFetch(request);
  if (!AFAS_HOST.test(url.hostname))
    throw new TypeError(
      `a documentation sample tried to reach ${url.origin}: only AFAS environment 12345 is simulated`,
    );
  const path = url.pathname.replace(/^\/ProfitRestServices/, '');
  const redirected = new URL(`${simulatorUrl.pathname}${path}${url.search}`, simulatorUrl);
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
  return realFetch(redirected, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    redirect: request.redirect,
  });
};

// The declaree-afas demo reports, from the built package (not part of its public entry point).
const samplesModule = '../../dist/demo/samples.js';
const { demoReports } = (await import(new URL(samplesModule, import.meta.url).href)) as {
  demoReports: () => unknown[];
};

const handled: unknown[] = [];
const token = process.env['AFAS_TOKEN'];

const placeholders = {
  afas: new AfasClient({ environment: 'O12345AA', token }),
  handle: (row: unknown) => {
    handled.push(row);
  },
  report: demoReports()[0],
  reports: demoReports(),
  settings: { environment: 'O12345AA', token, administration: 1, journal: '70', dossierItemType: 31 },
  entry: {
    Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
    Objects: [
      {
        FiEntries: {
          Element: [
            {
              Fields: { VaAs: '1', AcNr: '9999', EnDa: '2026-03-10', BpDa: '2026-03-10', AmDe: '1.00' },
            },
          ],
        },
      },
    ],
  },
  log: {
    warn: (text: string) => process.stdout.write(`log.warn: ${text}\n`),
    error: (text: string) => process.stdout.write(`log.error: ${text}\n`),
  },
  simulator: createAfasSimulator(),
};
Object.assign(globalThis, placeholders);

process.on('exit', () => {
  if (handled.length > 0) process.stdout.write(`handle: ${handled.length} rows\n`);
});
