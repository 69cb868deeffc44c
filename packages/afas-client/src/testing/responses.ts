import { randomBytes } from 'node:crypto';
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

/** A JSON answer on one line, as Profit 7 sends it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

/** An answer without a body (401, 403, 404, 204 …), with `Content-Length: 0` like AFAS. */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { 'Content-Length': '0', ...headers } });
}

/** The HTTP 500 body AFAS sends for functional errors. */
export function profitErrorResponse(message: AfasMessage, language: SimulatorLanguage): Response {
  return jsonResponse(500, {
    externalMessage: message[language],
    errorNumber: message.errorNumber,
    profitLogReference: newLogReference(),
  });
}
