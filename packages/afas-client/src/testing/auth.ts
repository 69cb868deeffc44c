/**
 * Who is calling: a classic `AfasToken` (base64 of the XML token) or an OAuth access token obtained
 * with client credentials. Failures look like AFAS's: 401 with an empty body, except a token sent as
 * plain text, which Profit answers with a 500 body since Profit 6.
 */
import { randomBytes } from 'node:crypto';
import { messages } from './messages.js';
import { emptyResponse, jsonResponse, ProfitFailure } from './responses.js';
import type { AppConnectorState, SimulatorState } from './state.js';
import { decodeTokenCredential } from './token.js';

/** The authenticated App Connector of a request. */
export interface Caller {
  readonly appConnector: AppConnectorState;
  readonly via: 'token' | 'oauth';
}

interface AccessToken {
  readonly appConnectorId: string;
  expiresAt: number;
}

const HEX_ONLY = /^[0-9A-Fa-f]{16,}$/;

/** Checks `Authorization` headers and hands out OAuth access tokens. */
export class Authenticator {
  readonly #state: SimulatorState;
  readonly #lifetimeSeconds: number;
  readonly #now: () => number;
  readonly #accessTokens = new Map<string, AccessToken>();

  constructor(state: SimulatorState, lifetimeSeconds: number, now: () => number) {
    this.#state = state;
    this.#lifetimeSeconds = lifetimeSeconds;
    this.#now = now;
  }

  /**
   * The caller, or the 401 to answer with. Throws {@link ProfitFailure} for a plain-text token.
   */
  authenticate(request: Request): Caller | Response {
    const header = request.headers.get('authorization')?.trim() ?? '';
    const [scheme = '', ...rest] = header.split(/\s+/);
    const credential = rest.join('');
    if (scheme.toLowerCase() === 'afastoken' && credential !== '') return this.#classic(credential);
    if (scheme.toLowerCase() === 'bearer' && credential !== '') return this.#bearer(credential);
    return emptyResponse(401);
  }

  #classic(credential: string): Caller | Response {
    // Profit 6+ refuses the XML or the bare data part sent without base64 with a 500, not a 401.
    if (credential.startsWith('<') || HEX_ONLY.test(credential))
      throw new ProfitFailure(messages.plainTextToken());
    const data = decodeTokenCredential(credential);
    if (data === undefined) return emptyResponse(401);
    for (const appConnector of this.#state.appConnectors.values()) {
      if (appConnector.tokens.has(data)) return { appConnector, via: 'token' };
    }
    return emptyResponse(401);
  }

  #bearer(credential: string): Caller | Response {
    const token = this.#accessTokens.get(credential);
    if (!token || token.expiresAt <= this.#now()) return emptyResponse(401);
    const appConnector = this.#state.appConnectors.get(token.appConnectorId);
    return appConnector ? { appConnector, via: 'oauth' } : emptyResponse(401);
  }

  /** `POST {base}/oauth/token`, client-credentials grant, credentials in the form or HTTP Basic. */
  issueAccessToken(request: Request, body: string): Response {
    const form = new URLSearchParams(body);
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^basic\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return jsonResponse(400, { error: 'unsupported_grant_type' });
    }
    const appConnector = [...this.#state.appConnectors.values()].find((candidate) =>
      (candidate.seed.oauthClients ?? []).some(
        (c) => c.clientId === clientId && c.clientSecret === clientSecret,
      ),
    );
    if (!appConnector) return jsonResponse(400, { error: 'invalid_client' });
    const accessToken = randomBytes(32).toString('base64url');
    this.#accessTokens.set(accessToken, {
      appConnectorId: appConnector.seed.id,
      expiresAt: this.#now() + this.#lifetimeSeconds * 1000,
    });
    return jsonResponse(200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.#lifetimeSeconds,
    });
  }

  /** Makes every access token handed out so far expire now. */
  expireAccessTokens(): void {
    for (const token of this.#accessTokens.values()) token.expiresAt = 0;
  }
}
