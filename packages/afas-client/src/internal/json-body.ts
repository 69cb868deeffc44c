import { base64FromBytes } from './base64.js';

/**
 * Internal: the JSON text of a request body. File contents may be given as bytes (`Uint8Array`, for
 * AFAS's base64 fields such as `FileStream`): they are written into the body as base64 a slice at a
 * time, so that a PDF never exists as one base64 string, nor as a JSON string holding one — only the
 * bytes given and the body sent. Without bytes, the body is `JSON.stringify`'s text.
 */

/** Bytes encoded per slice: a multiple of 3 (no padding inside) whose base64 stays a small string. */
const SLICE = 3 * 16 * 1024;

/** The body of `value` as JSON: a string, or the UTF-8 bytes when `value` holds `Uint8Array`s. */
export function jsonBody(value: unknown): string | Uint8Array {
  const files: Uint8Array[] = [];
  // A marker no JSON string from the caller holds: NUL is always escaped by JSON.stringify.
  const marker = `\u0000file:${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? `${marker}${files.push(item) - 1}` : item,
  );
  if (files.length === 0) return text;

  const escaped = JSON.stringify(marker).slice(1, -1);
  const parts = text.split(new RegExp(`"${escapeRegExp(escaped)}(\\d+)"`));
  // parts: text, file index, text, file index, …, text. Written as UTF-8 bytes into one body.
  const utf8 = new TextEncoder();
  const texts = parts.map((part, i) => (i % 2 === 0 ? utf8.encode(part) : undefined));
  let length = 0;
  for (let i = 0; i < parts.length; i++) {
    length += texts[i]?.byteLength ?? base64Length(files[Number(parts[i])]!) + 2;
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const encoded = texts[i];
    if (encoded !== undefined) {
      body.set(encoded, at);
      at += encoded.byteLength;
      continue;
    }
    const file = files[Number(parts[i])]!;
    body[at++] = 0x22; // "
    for (let start = 0; start < file.length; start += SLICE) {
      // base64 is ASCII, so its UTF-8 bytes are its characters.
      at += utf8.encodeInto(base64FromBytes(file.subarray(start, start + SLICE)), body.subarray(at)).written;
    }
    body[at++] = 0x22;
  }
  return body;
}

function base64Length(bytes: Uint8Array): number {
  return Math.ceil(bytes.byteLength / 3) * 4;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
