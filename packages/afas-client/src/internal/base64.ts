/**
 * Base64 and UTF-8 without Node's `Buffer`, which browsers and workers do not have: Node's own
 * routines when `Buffer` is there (they are faster), the web's `atob`/`btoa` and `TextEncoder`
 * otherwise. AFAS sends files as base64 and wants them so.
 */

type NodeBuffer = Uint8Array & { toString(encoding: 'base64' | 'latin1'): string };
interface BufferLike {
  from(text: string, encoding: 'base64'): NodeBuffer;
  from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer;
}
/** Node's Buffer, when this runtime has it (Node, Bun, Deno); looked up, never imported. */
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** The bytes that base64 `text` stands for. */
export function bytesFromBase64(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, 'base64');
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `bytes` as base64. Called with slices of a file, so that no string of a whole file is made. */
export function base64FromBytes(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short.
  for (let start = 0; start < bytes.length; start += 0x2000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x2000));
  }
  return btoa(binary);
}
