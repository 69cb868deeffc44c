import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AfasMessage } from './messages.js';
import type { SimulatorLanguage } from './seed.js';

/** The connection is cut without an answer (a reset). */
export interface DropFault {
  readonly fault: 'drop';
}

/** The answer never comes; the request stays open until the client gives up. */
export interface HangFault {
  readonly fault: 'hang';
}

/** What the engine produces: an HTTP answer, or a transport-level failure for the adapter to act out. */
export type SimulatedResponse = Response | DropFault | HangFault;

/** A functional refusal raised by a rule; the engine turns it into AFAS's HTTP 500 body. */
export class ProfitFailure extends Error {
  readonly afasMessage: AfasMessage;

  constructor(afasMessage: AfasMessage) {
    super(afasMessage.en);
    this.name = 'ProfitFailure';
    this.afasMessage = afasMessage;
  }
}

/** A fresh 32-hex, upper-case reference, as AFAS puts in `profitLogReference`. */
export function newLogReference(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

const JSON_TYPE = 'application/json; charset=utf-8';
/**
 * What AFAS's OpenAPI records on empty answers (200, 401, 403, 404, 413) and on 500 and 503, whose
 * bodies are JSON all the same.
 */
const XML_TYPE = 'application/xml; charset=utf-8';

/** Headers every recorded AFAS answer carries (AFAS's OpenAPI, `components.responses`). */
export const AFAS_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store, no-cache',
  'Strict-Transport-Security': 'max-age=31536000',
  'X-AFAS-Proxy-Version': '4.3.0.0',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'deny',
};

/** A JSON answer on one line, as Profit 7 sends it; `application/json` as AFAS records on 200/201. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

/** A JSON body under the `application/xml` type AFAS records on 500 and 503 answers. */
export function jsonBodyAsXmlType(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, body, { 'Content-Type': XML_TYPE, ...headers });
}

/** An answer without a body (200, 201, 401, 403, 404, 413 …): `Content-Length: 0` and the type AFAS records. */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, {
    status,
    headers: { 'Content-Type': XML_TYPE, 'Content-Length': '0', ...headers },
  });
}

/** The HTTP 500 body AFAS sends for functional errors. */
export function profitErrorResponse(message: AfasMessage, language: SimulatorLanguage): Response {
  return jsonBodyAsXmlType(500, {
    externalMessage: message[language],
    errorNumber: message.errorNumber,
    profitLogReference: newLogReference(),
  });
}

/** Whether `Accept-Encoding` allows gzip (`gzip`, `gzip;q=0.5`, `*`; not `gzip;q=0`). */
function acceptsGzip(acceptEncoding: string | null): boolean {
  return (acceptEncoding ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * Adds what every AFAS answer carries ({@link AFAS_HEADERS}) and, when the request asks for it,
 * compresses a 2xx body with gzip, as AFAS's OpenAPI records (`Content-Encoding: gzip` on 201s).
 * Error bodies stay uncompressed: their recorded headers have no `Content-Encoding`.
 */
export async function asAfasAnswer(response: Response, request: Request): Promise<Response> {
  const headers = new Headers(AFAS_HEADERS);
  for (const [name, value] of response.headers) headers.set(name, value);
  let body: BodyInit | null = response.body;
  if (response.ok && response.body !== null && acceptsGzip(request.headers.get('accept-encoding'))) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > 0) {
      body = gzipSync(bytes);
      headers.set('Content-Encoding', 'gzip');
      headers.delete('Content-Length');
      headers.append('Vary', 'Accept-Encoding');
    } else body = null;
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
