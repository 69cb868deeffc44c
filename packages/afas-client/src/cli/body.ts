import type { FieldValue, UpdateElement } from '../index.js';
import { isRecord } from '../internal/is-record.js';
import { parseJson } from './json.js';
import { UsageError } from './kit.js';

/** What `afas insert|update` sends: the element(s), and the root object when the file named one. */
export interface WriteBody {
  readonly elements: UpdateElement | UpdateElement[];
  readonly object: string | undefined;
}

/**
 * Reads the JSON of an UpdateConnector body file: one element (`{"Fields": …, "Objects": …}`), a list
 * of elements, or a whole AFAS body (`{"FiEntryPar": {"Element": …}}`, as AFAS's documentation shows).
 * Every value is checked, so that a mistake is reported with its path before anything is sent.
 */
export function parseBody(text: string, source: string): WriteBody {
  const json = parseJson(
    text,
    source,
    'Fix the file; an UpdateConnector body is {"Fields": {…}}, a list of those, or {"<Object>": {"Element": …}}.',
  );
  const envelope = isRecord(json) ? Object.entries(json) : [];
  const [only] = envelope;
  if (envelope.length === 1 && only && !isElementKey(only[0]) && isRecord(only[1]) && 'Element' in only[1]) {
    return { elements: elementsAt(only[1]['Element'], `${only[0]}.Element`, source), object: only[0] };
  }
  return { elements: elementsAt(json, '', source), object: undefined };
}

function elementsAt(value: unknown, path: string, source: string): UpdateElement | UpdateElement[] {
  const problems: string[] = [];
  const invalid = () =>
    new UsageError(
      `${source} is not an UpdateConnector body: ${problems[0] ?? `${path || 'the body'} is an empty list`}.`,
      'Expected {"Fields": {…}, "Objects": […]}, a list of those, or {"<Object>": {"Element": …}}.',
    );
  if (!Array.isArray(value)) {
    if (!isElement(value, path, problems)) throw invalid();
    return value;
  }
  const elements: UpdateElement[] = [];
  for (const [i, item] of value.entries()) {
    if (!isElement(item, join(path, `[${i}]`), problems)) throw invalid();
    elements.push(item);
  }
  if (elements.length === 0) throw invalid();
  return elements;
}

function isElement(value: unknown, path: string, problems: string[]): value is UpdateElement {
  if (!isRecord(value)) return fail(problems, path, 'must be an object with "Fields"');
  for (const [key, item] of Object.entries(value)) {
    const at = join(path, key);
    if (key === 'Fields') {
      if (!isRecord(item)) return fail(problems, at, 'must be an object of field id → value');
      for (const [field, fieldValue] of Object.entries(item)) {
        if (!isFieldValue(fieldValue))
          return fail(problems, join(at, field), 'must be text, a number, true/false or null');
      }
    } else if (key === 'Objects') {
      const objects = Array.isArray(item) ? item : [item];
      for (const [i, object] of objects.entries()) {
        const objectPath = Array.isArray(item) ? join(at, `[${i}]`) : at;
        if (!isRecord(object))
          return fail(problems, objectPath, 'must be an object of object name → {"Element": …}');
        for (const [name, inner] of Object.entries(object)) {
          const elementPath = join(join(objectPath, name), 'Element');
          if (!isRecord(inner) || !('Element' in inner))
            return fail(problems, join(objectPath, name), 'must be {"Element": …}');
          const element = inner['Element'];
          const list = Array.isArray(element) ? element : [element];
          if (
            !list.every((entry, e) =>
              isElement(entry, Array.isArray(element) ? join(elementPath, `[${e}]`) : elementPath, problems),
            )
          )
            return false;
        }
      }
    } else if (key.startsWith('@')) {
      if (!isFieldValue(item))
        return fail(problems, at, 'a key attribute must be text, a number or true/false');
    } else {
      return fail(problems, at, 'is not Fields, Objects or an @key attribute');
    }
  }
  return true;
}

function isElementKey(key: string): boolean {
  return key === 'Fields' || key === 'Objects' || key.startsWith('@');
}

function isFieldValue(value: unknown): value is FieldValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function join(path: string, key: string): string {
  return key.startsWith('[') || path === '' ? `${path}${key}` : `${path}.${key}`;
}

function fail(problems: string[], path: string, problem: string): false {
  problems.push(`${path || 'the body'} ${problem}`);
  return false;
}
