/**
 * The simulator as a real local HTTP server (node:http), for tests and tools that cannot use msw:
 * `http://127.0.0.1:{port}/ProfitRestServices`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AfasSimulator, type AfasSimulatorOptions } from './environment.js';
import type { SimulatorSeed } from './seed.js';

/** Options of {@link startAfasSimulator}. */
export interface StartAfasSimulatorOptions extends Omit<AfasSimulatorOptions, 'seed' | 'baseUrl'> {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** An existing simulator to serve; otherwise one is created from `seed`. */
  readonly simulator?: AfasSimulator;
  /** Seed for a new simulator. @default the demo seed */
  readonly seed?: SimulatorSeed;
}

/** A running simulator server. */
export interface RunningAfasSimulator {
  /** Base URL to give a client, e.g. `http://127.0.0.1:54321/ProfitRestServices`. */
  readonly url: string;
  readonly simulator: AfasSimulator;
  /** Stops the server, cutting hanging requests. */
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = incoming.method ?? 'GET';
  const chunks: Buffer[] = [];
  if (method !== 'GET' && method !== 'HEAD') {
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
  }
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
}

async function send(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, headers);
  outgoing.end(body);
}

/**
 * Starts the simulator on a local port.
 *
 * @example
 * const running = await startAfasSimulator({ port: 0 });
 * await fetch(`${running.url}/profitversion`, { headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) } });
 * await running.close();
 */
export async function startAfasSimulator(
  options: StartAfasSimulatorOptions = {},
): Promise<RunningAfasSimulator> {
  const { port = 0, host = '127.0.0.1', simulator: given, seed, ...simulatorOptions } = options;
  const simulator = given ?? new AfasSimulator({ ...simulatorOptions, ...(seed ? { seed } : {}) });

  const server = createServer((incoming, outgoing) => {
    const origin = `http://${incoming.headers.host ?? `${host}:${port}`}`;
    void (async () => {
      try {
        const result = await simulator.handle(await toRequest(incoming, origin));
        if (result instanceof Response) await send(result, outgoing);
        else if (result.fault === 'drop') incoming.socket.destroy();
        // 'hang': leave the response open; close() cuts it.
      } catch {
        incoming.socket.destroy();
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject); // only start-up errors reject; later ones are the server's own
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/ProfitRestServices`,
    simulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
