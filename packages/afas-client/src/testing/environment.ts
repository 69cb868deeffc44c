/**
 * {@link AfasSimulator}: one in-memory AFAS Profit environment. It answers web `Request`s through
 * {@link AfasSimulator.handle}; the msw handlers and the loopback server are thin transports over it.
 */
import type { HttpHandler } from 'msw';
import { Authenticator, type Caller } from './auth.js';
import { DEFAULT_GET_COST, type GetCostModel } from './cost.js';
import { demoSeed } from './demo-seed.js';
import { handleRequest, type RequestLogEntry } from './engine.js';
import { FaultPlan, type FaultRule, type InjectedFault } from './faults.js';
import {
  type GetConnectorDefinition,
  inferFields,
  type SeedCell,
  STANDARD_GET_CONNECTORS,
} from './get-connectors.js';
import { createMswHandlers } from './msw.js';
import { type IssuedOtp, OtpDesk } from './otp.js';
import type { FieldMeta, Row } from './query.js';
import type { SimulatedResponse } from './responses.js';
import type { SimulatorKind, SimulatorLanguage, SimulatorSeed } from './seed.js';
import {
  type BookedEntry,
  type CellValue,
  type DossierItem,
  type FreeFieldValues,
  SimulatorState,
} from './state.js';
import { tokenHeaderValue } from './token.js';
import { storedDateTime } from './values.js';

/** Settings of an {@link AfasSimulator}. All optional. */
export interface AfasSimulatorOptions {
  /** The environment's data. @default {@link demoSeed} */
  readonly seed?: SimulatorSeed;
  /** Base URL the msw handlers answer. @default `https://{environmentId}.rest{|test|accept}.afas.online/ProfitRestServices` */
  readonly baseUrl?: string;
  /** Delay before every answer, in milliseconds. @default 0 */
  readonly latencyMs?: number;
  /** Lifetime of OAuth access tokens, in seconds. @default 3600 */
  readonly accessTokenLifetimeSeconds?: number;
  /** Largest request body accepted; larger gets 413. @default 75 MiB */
  readonly maxBodyBytes?: number;
  /**
   * Whether a `KnSubjectLink` with `PiId` must name a purchase invoice booked through FiEntries.
   * UNSURE whether AFAS checks this at write time. @default true
   */
  readonly requirePurchaseInvoice?: boolean;
  /**
   * Whether a POST/PUT to an UpdateConnector whose `Content-Type` is present and not JSON (e.g.
   * `text/plain`, a form) gets an empty 415. AFAS documents `application/json;charset=utf-8` and marks
   * the header optional; what it answers to another media type is UNSURE. @default true
   */
  readonly refuseNonJsonBodies?: boolean;
  /**
   * The language of texts for `Accept-Language: fr-fr` or `de-de`, which AFAS lists but for which no
   * French or German Profit text has been recorded (UNSURE what Profit answers). @default 'en'
   */
  readonly untranslatedLanguage?: SimulatorLanguage;
  /**
   * AFAS's cost of a GetConnector page, modelled (not measured): per request, per row read (skipped
   * rows included) and per row sent. Each page's figure is in `requests[].costMs` and in the
   * `X-AFAS-Proxy-Stats` header. @default {@link DEFAULT_GET_COST}
   */
  readonly getCost?: Partial<GetCostModel>;
  /**
   * Whether GetConnector answers wait for their modelled cost, so wall-clock time shows it (for
   * benchmarks; tests keep the default). @default false
   */
  readonly waitForCost?: boolean;
  /**
   * How FiEntries numbers an entry's lines (volgnummer, `SeqNo`/`SeNo`): `'posted'` 1 … n in posted
   * order, or a function from the line count to the number of each posted line, so a test can catch
   * code that assumes the posted order. UNSURE how AFAS numbers them. @default 'posted'
   */
  readonly lineNumbering?: 'posted' | ((lineCount: number) => readonly number[]);
  /** The clock for booking times and token expiry. @default () => new Date() */
  readonly now?: () => Date;
}

/** Options of {@link AfasSimulator.addGetConnector}. */
export interface CustomGetConnectorOptions {
  /** Field metadata; inferred from the rows when left out (numbers, booleans, ISO dates, text). */
  readonly fields?: readonly FieldMeta[];
  /** @default the id */
  readonly description?: string;
  /** App Connector ids allowed to call it. @default every App Connector */
  readonly appConnectors?: readonly string[];
}

const HOST_SUFFIX: Record<SimulatorKind, string> = { production: '', test: 'test', accept: 'accept' };
const DEFAULT_MAX_BODY_BYTES = 75 * 1024 * 1024;

/** The `Authorization` header for a classic token's data part: `AfasToken <base64 of the XML>`. */
export function afasTokenHeader(tokenData: string): string {
  return tokenHeaderValue(tokenData);
}

/**
 * An in-memory AFAS Profit environment that answers like the real REST API: auth, GetConnectors,
 * metainfo, UpdateConnectors with AFAS's validations, files, OTP, and faults on demand.
 *
 * @example
 * const simulator = new AfasSimulator();          // demo seed
 * const server = setupServer(...simulator.handlers);
 */
export class AfasSimulator {
  /** The base URL the msw handlers answer, e.g. `https://12345.rest.afas.online/ProfitRestServices`. */
  readonly baseUrl: string;
  readonly #options: AfasSimulatorOptions;
  readonly #seed: SimulatorSeed;
  readonly #faults = new FaultPlan();
  readonly #custom = new Map<string, GetConnectorDefinition>();
  #state: SimulatorState;
  #auth: Authenticator;
  #otp = new OtpDesk();
  #log: RequestLogEntry[] = [];
  #handlers: HttpHandler[] | undefined;

  constructor(options: AfasSimulatorOptions = {}) {
    this.#options = options;
    this.#seed = options.seed ?? demoSeed;
    const kind = this.#seed.kind ?? 'production';
    this.baseUrl =
      options.baseUrl ??
      `https://${this.#seed.environmentId}.rest${HOST_SUFFIX[kind]}.afas.online/ProfitRestServices`;
    this.#state = new SimulatorState(this.#seed);
    this.#auth = this.#newAuthenticator();
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  #newAuthenticator(): Authenticator {
    return new Authenticator(this.#state, this.#options.accessTokenLifetimeSeconds ?? 3600, () =>
      this.#now().getTime(),
    );
  }

  /** msw handlers for `setupServer(...simulator.handlers)`. Needs the optional peer dependency `msw`. */
  get handlers(): HttpHandler[] {
    this.#handlers ??= createMswHandlers(this);
    return this.#handlers;
  }

  /** Answers one request as AFAS would: a `Response`, or `{ fault: 'drop' | 'hang' }` for a transport to act out. */
  handle(request: Request): Promise<SimulatedResponse> {
    const state = this.#state;
    return handleRequest(
      {
        state,
        auth: this.#auth,
        faults: this.#faults,
        otp: this.#otp,
        log: this.#log,
        latencyMs: this.#options.latencyMs ?? 0,
        maxBodyBytes: this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        refuseNonJsonBodies: this.#options.refuseNonJsonBodies ?? true,
        untranslatedLanguage: this.#options.untranslatedLanguage ?? 'en',
        getCost: { ...DEFAULT_GET_COST, ...this.#options.getCost },
        waitForCost: this.#options.waitForCost ?? false,
        updateContext: {
          state,
          now: () => this.#now(),
          requirePurchaseInvoice: this.#options.requirePurchaseInvoice ?? true,
          lineNumbering: this.#options.lineNumbering ?? 'posted',
        },
        getConnectors: () => [
          ...STANDARD_GET_CONNECTORS.filter((c) => !this.#custom.has(c.id)),
          ...this.#custom.values(),
        ],
        mayGet: (caller: Caller, definition: GetConnectorDefinition) =>
          caller.appConnector.getConnectors.has(definition.id) ||
          definition.alsoAuthorizedFor === 'all' ||
          (definition.alsoAuthorizedFor?.has(caller.appConnector.seed.id) ?? false),
      },
      request,
    );
  }

  /** Journal entries booked through FiEntries (copies; changing them changes nothing). */
  get entries(): readonly BookedEntry[] {
    return structuredClone(this.#state.entries);
  }

  /** Dossier items written through KnSubject (copies). */
  get subjects(): readonly DossierItem[] {
    return structuredClone([...this.#state.subjects.values()]);
  }

  /** Free-field values written through FiEntriesCustom (copies). */
  get customFields(): readonly FreeFieldValues[] {
    return structuredClone([...this.#state.customFields.values()]);
  }

  /** Every request handled so far, oldest first, credentials redacted. */
  get requests(): readonly RequestLogEntry[] {
    return [...this.#log];
  }

  /** The last one-time password "e-mailed" by `POST /otprequest`. */
  get lastOtp(): IssuedOtp | undefined {
    return this.#otp.last;
  }

  /** Makes requests fail on demand; see {@link FaultRule}. */
  inject(rule: FaultRule): InjectedFault {
    return this.#faults.add(rule);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Lets every OAuth access token handed out so far expire now. */
  expireAccessTokens(): void {
    this.#auth.expireAccessTokens();
  }

  /** Revokes a classic token (by its data part): it gets 401 from now on. */
  revokeToken(tokenData: string): void {
    for (const appConnector of this.#state.appConnectors.values())
      appConnector.tokens.delete(tokenData.toUpperCase());
  }

  /**
   * Adds (or replaces) a GetConnector serving `rows`, authorised for every App Connector unless
   * `options.appConnectors` says otherwise. Kept across {@link reset}.
   */
  addGetConnector(
    id: string,
    rows: readonly Readonly<Record<string, SeedCell>>[],
    options: CustomGetConnectorOptions = {},
  ): void {
    const stored: Row[] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]): [string, CellValue] => [
          key,
          value instanceof Date ? storedDateTime(value) : (value ?? null),
        ]),
      ),
    );
    this.#custom.set(id, {
      id,
      description: options.description ?? id,
      fields: options.fields ?? inferFields(rows),
      rows: () => stored,
      alsoAuthorizedFor: options.appConnectors ? new Set(options.appConnectors) : 'all',
    });
  }

  /** Back to the seed: forgets bookings, issued tokens, faults and the request log. */
  reset(): void {
    this.#state = new SimulatorState(this.#seed);
    this.#auth = this.#newAuthenticator();
    this.#otp = new OtpDesk();
    this.#faults.clear();
    this.#log = [];
  }
}

/** Creates an {@link AfasSimulator}; the same as `new AfasSimulator(options)`. */
export function createAfasSimulator(options: AfasSimulatorOptions = {}): AfasSimulator {
  return new AfasSimulator(options);
}
