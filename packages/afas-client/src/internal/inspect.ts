/**
 * Node's `util.inspect.custom`, by its registered name: the same symbol Node uses, without importing
 * `node:util`, so the SDK's main entry loads in browsers, Deno, Bun and workers too.
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');
