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
  // parts: text, file index, text, file index, …, text
  let length = 0;
  for (let i = 0; i < parts.length; i++) {
    length += i % 2 === 0 ? Buffer.byteLength(parts[i]!) : base64Length(files[Number(parts[i])]!) + 2;
  }
  const body = Buffer.allocUnsafe(length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      at += body.write(parts[i]!, at);
      continue;
    }
    const file = files[Number(parts[i])]!;
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    body[at++] = 0x22; // "
    for (let start = 0; start < bytes.length; start += SLICE) {
      at += body.write(bytes.subarray(start, start + SLICE).toString('base64'), at, 'latin1');
    }
    body[at++] = 0x22;
  }
  return new Uint8Array(body.buffer, body.byteOffset, at);
}

function base64Length(bytes: Uint8Array): number {
  return Math.ceil(bytes.byteLength / 3) * 4;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
