import type { StandardSchemaV1 } from '@standard-schema/spec';
import { isRecord } from './is-record.js';

/**
 * The shapes of AFAS's own answers (pages, metainfo, errors, token responses), checked without a
 * schema library: zod alone doubled the SDK's import time and memory, for a dozen flat objects.
 * Each shape is a Standard Schema too, so the public ones (metainfo) work wherever one is accepted.
 * Objects are loose (unknown keys pass through), and an object is copied only when a default fills it.
 */
export interface Shape<T> extends StandardSchemaV1<unknown, T> {
  /** The value checked (with defaults filled in); throws a {@link ShapeIssue} at the first mismatch. */
  readonly read: (value: unknown, path?: readonly PropertyKey[]) => T;
  /** The value checked, or the first mismatch. */
  readonly check: (value: unknown) => Checked<T>;
}

/** The type a shape checks for. */
export type Infer<S> = S extends Shape<infer T> ? T : never;

/** What {@link Shape.check} finds. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: ShapeIssue };

/** The first place where a value does not have its shape. */
export class ShapeIssue extends Error {
  readonly path: readonly PropertyKey[];

  constructor(message: string, path: readonly PropertyKey[]) {
    super(message);
    this.path = path;
  }

  /** `fields.2.id: expected a string`. */
  describe(): string {
    return `${this.path.map(String).join('.') || 'top level'}: ${this.message}`;
  }
}

function shape<T>(read: (value: unknown, path: readonly PropertyKey[]) => T): Shape<T> {
  const check = (value: unknown): Checked<T> => {
    try {
      return { ok: true, value: read(value, []) };
    } catch (error) {
      if (error instanceof ShapeIssue) return { ok: false, issue: error };
      throw error;
    }
  };
  return {
    read: (value, path = []) => read(value, path),
    check,
    '~standard': {
      version: 1,
      vendor: 'afas-client',
      validate(value) {
        const checked = check(value);
        return checked.ok
          ? { value: checked.value }
          : { issues: [{ message: checked.issue.message, path: checked.issue.path }] };
      },
    },
  };
}

const typed = <T>(name: string, test: (value: unknown) => value is T) =>
  shape((value, path) => {
    if (test(value)) return value;
    throw new ShapeIssue(`expected ${name}, got ${describe(value)}`, path);
  });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Any string. */
export const string = (): Shape<string> => typed('a string', (value) => typeof value === 'string');

/** A finite number. */
export const number = (): Shape<number> =>
  typed('a number', (value): value is number => typeof value === 'number' && Number.isFinite(value));

/** `true` or `false`. */
export const boolean = (): Shape<boolean> => typed('a boolean', (value) => typeof value === 'boolean');

/** Anything (for fields that are only passed on). */
export const unknown = (): Shape<unknown> => shape((value) => value);

/** A plain object (not an array, not null), kept as it is: rows are checked, not copied. */
export const record = (): Shape<Record<string, unknown>> =>
  typed('an object', (value): value is Record<string, unknown> => isRecord(value));

/** A number, or text that is one (`"3600"`), as OAuth servers and `retry_after` send it. */
export const numeric = (): Shape<number> =>
  shape((value, path) => {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number === 'number' && Number.isFinite(number)) return number;
    throw new ShapeIssue(`expected a number, got ${describe(value)}`, path);
  });

/** `inner`, or `undefined`. */
export const optional = <T>(inner: Shape<T>): Shape<T | undefined> =>
  shape((value, path) => (value === undefined ? undefined : inner.read(value, path)));

/** `inner`, `null` or `undefined` (AFAS sends `null` for empty metainfo fields). */
export const nullish = <T>(inner: Shape<T>): Shape<T | null | undefined> =>
  shape((value, path) => (value === undefined || value === null ? value : inner.read(value, path)));

/** `inner`, with `fallback` when the value is absent (`undefined`). */
export const withDefault = <T>(inner: Shape<T>, fallback: () => T): Shape<T> =>
  shape((value, path) => (value === undefined ? fallback() : inner.read(value, path)));

/** An array of `item`; copied only when an item changed (a default filled in). */
export const array = <T>(item: Shape<T>): Shape<T[]> =>
  shape((value, path) => {
    if (!Array.isArray(value)) throw new ShapeIssue(`expected an array, got ${describe(value)}`, path);
    let copy: T[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const read = item.read(value[i], [...path, i]);
      if (read !== value[i]) copy ??= value.slice();
      if (copy) copy[i] = read;
    }
    return (copy ?? value) as T[];
  });

/** A record whose every value has the shape `inner` (update results: object → keys). */
export const recordOf = <T>(inner: Shape<T>): Shape<Record<string, T>> =>
  shape((value, path) => {
    if (!isRecord(value)) throw new ShapeIssue(`expected an object, got ${describe(value)}`, path);
    for (const [key, field] of Object.entries(value)) inner.read(field, [...path, key]);
    return value as Record<string, T>;
  });

type Props = Readonly<Record<string, Shape<unknown>>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** An object type from its props: keys whose shape allows `undefined` are optional; other keys pass. */
export type ObjectOf<P extends Props> = Simplify<
  { [K in keyof P as undefined extends Infer<P[K]> ? K : never]?: Infer<P[K]> } & {
    [K in keyof P as undefined extends Infer<P[K]> ? never : K]: Infer<P[K]>;
  } & { [key: string]: unknown }
>;

/** An object with these props; other keys pass through untouched. */
export const object = <P extends Props>(props: P): Shape<ObjectOf<P>> =>
  shape((value, path) => {
    if (!isRecord(value)) throw new ShapeIssue(`expected an object, got ${describe(value)}`, path);
    let copy: Record<string, unknown> | undefined;
    for (const key in props) {
      const read = props[key]!.read(value[key], [...path, key]);
      if (read !== value[key]) {
        copy ??= { ...value };
        copy[key] = read;
      }
    }
    return (copy ?? value) as ObjectOf<P>;
  });

/** A shape defined later (recursive objects). */
export const lazy = <T>(get: () => Shape<T>): Shape<T> => shape((value, path) => get().read(value, path));

/** `inner`, refined: `test` gives the message of a value that fails, or `undefined`. */
export const refine = <T>(inner: Shape<T>, test: (value: T) => string | undefined): Shape<T> =>
  shape((value, path) => {
    const read = inner.read(value, path);
    const problem = test(read);
    if (problem !== undefined) throw new ShapeIssue(problem, path);
    return read;
  });
