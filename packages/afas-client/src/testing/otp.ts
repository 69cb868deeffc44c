/**
 * The one-time-password token flow: `POST /otprequest` "mails" a code (kept for tests to read),
 * `POST /otpvalidation` exchanges it for a new user token, which then works like a seeded one.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { emptyResponse, jsonResponse } from './responses.js';
import type { SimulatorState } from './state.js';
import { tokenXml } from './token.js';

/** The code AFAS would have e-mailed. */
export interface IssuedOtp {
  readonly appConnectorId: string;
  readonly userId: string;
  readonly code: string;
}

interface OtpBody {
  readonly apiKey: string;
  readonly apiToken: string;
  readonly userId: string;
  readonly otp: string;
}

/** Reads the body; AFAS's own examples disagree on key casing (`userId`/`userid`), so keys are case-insensitive. */
function readBody(text: string): OtpBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  const entries =
    typeof parsed === 'object' && parsed !== null
      ? Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), String(v)] as const)
      : [];
  const get = (name: string) => entries.find(([k]) => k === name)?.[1] ?? '';
  return { apiKey: get('apikey'), apiToken: get('apitoken'), userId: get('userid'), otp: get('otp') };
}

/** Pending codes and the last one issued. */
export class OtpDesk {
  #last: IssuedOtp | undefined;
  #used = false;

  /** The last code "e-mailed", for tests. */
  get last(): IssuedOtp | undefined {
    return this.#last;
  }

  #appConnectorFor(state: SimulatorState, body: OtpBody) {
    if (body.apiToken === '' || body.apiToken.toUpperCase() !== state.environmentKey?.toUpperCase())
      return undefined;
    return [...state.appConnectors.values()].find(
      (c) => c.seed.apiKey !== undefined && c.seed.apiKey.toUpperCase() === body.apiKey.toUpperCase(),
    );
  }

  /** Always 200 with no body, even for wrong keys (AFAS does not reveal whether they match). */
  request(state: SimulatorState, text: string): Response {
    const body = readBody(text);
    const appConnector = this.#appConnectorFor(state, body);
    if (appConnector && body.userId !== '') {
      const code = String(randomInt(10_000_000, 100_000_000));
      this.#last = { appConnectorId: appConnector.seed.id, userId: body.userId, code };
      this.#used = false;
    }
    // AFAS's OpenAPI records 200 with an empty body for OtpRequest.
    return emptyResponse(200);
  }

  /** 200 with a new token for the right code, 204 otherwise. A code works once. */
  validate(state: SimulatorState, text: string): Response {
    const body = readBody(text);
    const appConnector = this.#appConnectorFor(state, body);
    const last = this.#last;
    if (
      !appConnector ||
      !last ||
      this.#used ||
      last.appConnectorId !== appConnector.seed.id ||
      last.userId.toLowerCase() !== body.userId.toLowerCase() ||
      last.code !== body.otp.trim()
    ) {
      return emptyResponse(204);
    }
    this.#used = true;
    const data = randomBytes(32).toString('hex').toUpperCase();
    appConnector.tokens.add(data);
    return jsonResponse(200, { token: `${tokenXml(data)}\r\n` });
  }
}
