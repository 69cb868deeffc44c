/** Shared set-up for the simulator tests: msw lifecycle, an authenticated fetch, FiEntries bodies. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  AfasSimulator,
  type AfasSimulatorOptions,
  afasTokenHeader,
  DEMO_TOKEN_DATA,
} from '../../src/testing/index.js';

/** Extra options for {@link Harness.call}. */
export interface CallOptions extends RequestInit {
  /** Token data to send; `null` for no Authorization header. @default DEMO_TOKEN_DATA */
  readonly token?: string | null;
  /** `Accept-Language` header. */
  readonly language?: string;
  /** JSON body (sets Content-Type). */
  readonly json?: unknown;
}

/** What {@link useSimulator} gives a test file. */
export interface Harness {
  readonly simulator: AfasSimulator;
  call(path: string, options?: CallOptions): Promise<Response>;
}

/** A simulator behind msw for the whole file, reset after each test. */
export function useSimulator(options: AfasSimulatorOptions = {}): Harness {
  const simulator = new AfasSimulator(options);
  const server = setupServer(...simulator.handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => simulator.reset());
  afterAll(() => server.close());
  return {
    simulator,
    call: (path, { token = DEMO_TOKEN_DATA, language, json, headers, ...init } = {}) => {
      const all = new Headers(headers);
      if (token !== null) all.set('Authorization', afasTokenHeader(token));
      if (language) all.set('Accept-Language', language);
      if (json !== undefined) all.set('Content-Type', 'application/json;charset=utf-8');
      return fetch(`${simulator.baseUrl}${path}`, {
        ...init,
        headers: all,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
  };
}

/** An AFAS 500 body. */
export interface ProfitErrorBody {
  readonly externalMessage: string;
  readonly errorNumber: number;
  readonly profitLogReference: string;
}

/** Reads a 500 and checks its shape. */
export async function profitError(response: Response): Promise<ProfitErrorBody> {
  if (response.status !== 500)
    throw new Error(`Expected 500, got ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as ProfitErrorBody;
  if (!/^[0-9A-F]{32}$/.test(body.profitLogReference)) throw new Error('profitLogReference is not 32 hex');
  return body;
}

/** Fields of one FiEntries line (values as strings or numbers, like AFAS accepts). */
export type LineFields = Record<string, string | number | undefined>;

/** One FiEntries line element. */
export interface LineElement {
  Fields: LineFields;
  Objects?: (
    | { FiDimEntries: { Element: { Fields: Record<string, string> } } }
    | { FiPrjEntries: { Element: { Fields: Record<string, string | number> } } }
  )[];
}

/** An expense report booked as a purchase invoice: creditor 30001, travel costs 4100 with KP100, VAT 1510. */
export function expenseLines(invoiceId = 'DEC-2026-001'): LineElement[] {
  const common = { EnDa: '2026-03-15', BpDa: '2026-03-15', InId: invoiceId };
  return [
    { Fields: { VaAs: '3', AcNr: '30001', ...common, Ds: 'Declaratie maart', AmCr: '121.00' } },
    {
      Fields: { VaAs: '1', AcNr: '4100', ...common, Ds: 'Treinkaartje', AmDe: 100, VaId: '1' },
      Objects: [{ FiDimEntries: { Element: { Fields: { DiC1: 'KP100' } } } }],
    },
    { Fields: { VaAs: '1', AcNr: '1510', ...common, Ds: 'Btw hoog', AmDe: '21' } },
  ];
}

/** A FiEntries POST body. */
export function entryBody(lines: LineElement[] = expenseLines(), header: LineFields = {}): unknown {
  return {
    FiEntryPar: {
      Element: {
        Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70', ...header },
        Objects: [{ FiEntries: { Element: lines } }],
      },
    },
  };
}
