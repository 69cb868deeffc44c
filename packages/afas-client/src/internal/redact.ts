/**
 * Blanks credentials out of what AFAS, a proxy or a debug page echoes back. A secret can come back
 * in many forms: as is, JSON-escaped (`+` as `\u002B` the way .NET's System.Text.Json writes it,
 * any character as `\uXXXX`, `\/`, a JSON string inside a JSON string), URL- or form-encoded
 * (`encodeURIComponent`, and `URLSearchParams` with a space as `+` and `!()~` as `%21%28%29%7E`,
 * also twice), as HTML character references, and — for hexadecimal token data — in either case.
 * Rather than listing every mix of these, each secret is compiled once into one pattern that accepts
 * every form of each of its characters, so any mix matches.
 */

const REDACTED = '[redacted]';
/** Shorter values are not treated as secrets: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Blanks secrets out of text and out of every text an error carries. */
export interface Redactor {
  /** `text` with every form of every secret replaced by `[redacted]`. */
  text(text: string): string;
  /**
   * Blanks the secrets out of every string an error carries, in place: message, stack, its own
   * fields (hint, bodyExcerpt, externalMessage, the request …) and its causes. Returns the error.
   */
  error<E>(error: E): E;
}

const NONE: Redactor = { text: (text) => text, error: (error) => error };

let last: { key: string; redactor: Redactor } | undefined;

/** The redactor for these secrets (values under 8 characters are ignored); the last one is reused. */
export function redactor(secrets: readonly string[]): Redactor {
  const kept = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))];
  if (kept.length === 0) return NONE;
  const key = kept.join('\u0000');
  if (last?.key === key) return last.redactor;
  // Longest first, so that a secret containing another is blanked out whole.
  kept.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(kept.map(secretPattern).join('|'), 'g');
  const text = (value: string) =>
    value.length < MIN_SECRET_LENGTH ? value : value.replace(pattern, REDACTED);
  const redactor: Redactor = { text, error: (error) => scrub(error, text, new Set(), 0) };
  last = { key, redactor };
  return redactor;
}

function secretPattern(secret: string): string {
  const foldCase = /^[0-9a-f]+$/i.test(secret);
  return [...secret].map((char) => `(?:${charForms(char, foldCase).join('|')})`).join('');
}

/** Every way one character of a secret can be written. */
function charForms(char: string, foldCase: boolean): string[] {
  const variants = foldCase && /[a-z]/i.test(char) ? [char.toLowerCase(), char.toUpperCase()] : [char];
  const forms = new Set<string>();
  for (const variant of variants) {
    forms.add(variant === '\\' ? '\\\\+' : escapeRegExp(variant));
    // JSON / JavaScript escapes, possibly escaped again (one backslash or more).
    forms.add([...utf16Units(variant)].map((unit) => `\\\\+u${hexPattern(unit, 4)}`).join(''));
    // Percent-encoding of the UTF-8 bytes, possibly encoded again (%25…).
    forms.add(
      [...new TextEncoder().encode(variant)].map((byte) => `%(?:25)*${hexPattern(byte, 2)}`).join(''),
    );
    // HTML character references.
    const codePoint = variant.codePointAt(0) ?? 0;
    forms.add(`&#0*${codePoint};?`);
    forms.add(`&#[xX]0*${hexPattern(codePoint, 1)};?`);
    if (variant.length > 1) {
      // Beyond the BMP, some encoders write one reference per UTF-16 unit.
      const units = utf16Units(variant);
      forms.add(units.map((unit) => `&#0*${unit};?`).join(''));
      forms.add(units.map((unit) => `&#[xX]0*${hexPattern(unit, 1)};?`).join(''));
    }
    for (const form of SPECIAL[variant] ?? []) forms.add(form);
  }
  return [...forms];
}

/** Further forms of characters that JSON, form encoding and HTML write in their own way. */
const SPECIAL: Readonly<Record<string, readonly string[]>> = {
  '/': ['\\\\+/'],
  '"': ['\\\\+"', '&quot;'],
  ' ': ['\\+', '%(?:25)*2[bB]'],
  '&': ['&amp;'],
  '<': ['&lt;'],
  '>': ['&gt;'],
  "'": ['&apos;', "\\\\+'"],
  '\n': ['\\\\+n'],
  '\r': ['\\\\+r'],
  '\t': ['\\\\+t'],
  '\b': ['\\\\+b'],
  '\f': ['\\\\+f'],
};

function utf16Units(text: string): number[] {
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
  return units;
}

/** `value` in hexadecimal, at least `width` digits (leading zeros allowed), letters in either case. */
function hexPattern(value: number, width: number): string {
  const digits = value.toString(16).padStart(width, '0');
  return [...digits].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Replaces the strings `value` holds (own fields, a few levels deep, and causes) by their blanked form. */
function scrub<T>(value: T, text: (value: string) => string, seen: Set<object>, depth: number): T {
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > 6) return value;
  seen.add(value);
  const target = value as Record<PropertyKey, unknown>;
  const keys: PropertyKey[] = Reflect.ownKeys(target).filter((key) => typeof key === 'string');
  if (value instanceof Error)
    for (const key of ['message', 'stack', 'cause']) if (!keys.includes(key)) keys.push(key);
  for (const key of keys) {
    let current: unknown;
    try {
      current = target[key];
    } catch {
      continue;
    }
    if (typeof current === 'string') {
      const blanked = text(current);
      if (blanked !== current) replace(target, key, blanked);
    } else if (typeof current === 'object' && current !== null) {
      scrub(current, text, seen, depth + 1);
    }
  }
  return value;
}

function replace(target: Record<PropertyKey, unknown>, key: PropertyKey, value: string): void {
  try {
    const own = Object.getOwnPropertyDescriptor(target, key);
    if (own === undefined || own.writable || own.set) target[key] = value;
    if (target[key] !== value)
      Object.defineProperty(target, key, { value, configurable: true, writable: true });
  } catch {
    // A frozen object from elsewhere: it cannot be changed, and it is not ours.
  }
}
