/** What an UpdateConnector implementation gets and provides. */
import { messages } from '../messages.js';
import { jsonResponse, ProfitFailure } from '../responses.js';
import type { SimulatorState } from '../state.js';
import type { UpdateObjectDef } from './body.js';

/** What an UpdateConnector may use. */
export interface UpdateContext {
  readonly state: SimulatorState;
  /** The simulator's clock. */
  readonly now: () => Date;
  /** Whether a `KnSubjectLink` with `PiId` must name a booked purchase invoice. */
  readonly requirePurchaseInvoice: boolean;
  /** How an entry's lines are numbered; see the simulator option `lineNumbering`. */
  readonly lineNumbering?: 'posted' | ((lineCount: number) => readonly number[]);
}

/** One UpdateConnector: its objects (for validation and metainfo) and the methods it supports. */
export interface UpdateConnector {
  readonly id: string;
  readonly description: string;
  definition(state: SimulatorState): UpdateObjectDef;
  /** `POST /connectors/{id}`, or `/connectors/{id}/{subObject}` when `subObject` is given. */
  post?(context: UpdateContext, body: unknown, subObject: string | undefined): Response;
  /** `PUT /connectors/{id}`. */
  put?(context: UpdateContext, body: unknown): Response;
  /** `DELETE /connectors/{id}/{…key path}`; `path` is what follows the connector id. */
  delete?(context: UpdateContext, path: readonly string[]): Response;
}

/** One step of a DELETE key path: `FiEntryPar/UnId,JoCo/1,70` → `{ object, keys: { UnId: '1', JoCo: '70' } }`. */
export interface KeyPathStep {
  readonly object: string;
  readonly keys: Readonly<Record<string, string>>;
}

/**
 * Reads `Object/@K1,@K2/v1,v2/Sub/@K/v …`. The `@` is optional (AFAS's docs show both forms).
 * A path that does not have this shape is refused like AFAS refuses bad URLs: "unexpected error".
 */
export function parseKeyPath(path: readonly string[]): KeyPathStep[] {
  if (path.length === 0 || path.length % 3 !== 0) throw new ProfitFailure(messages.unexpected());
  const steps: KeyPathStep[] = [];
  for (let index = 0; index < path.length; index += 3) {
    const names = (path[index + 1] ?? '').split(',').map((name) => name.replace(/^@/, ''));
    const values = (path[index + 2] ?? '').split(',');
    if (names.length !== values.length) throw new ProfitFailure(messages.unexpected());
    steps.push({
      object: path[index] ?? '',
      keys: Object.fromEntries(names.map((name, i) => [name, values[i] ?? ''])),
    });
  }
  return steps;
}

/** The 201 answer: `{"results":{"<Object>":{…keys as strings}}}`; several elements give an array. */
export function createdResponse(object: string, results: readonly Record<string, string>[]): Response {
  return jsonResponse(201, { results: { [object]: results.length === 1 ? results[0] : results } });
}
