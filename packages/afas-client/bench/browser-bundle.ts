/**
 * The main entry as a browser app would ship it: esbuild, dependencies included, minified. One
 * definition for the size figure of `pnpm bench` and the size budget of `test/runtimes`.
 */
import { build } from 'esbuild';

/** The bundled code of `entry` (a built `dist/index.js`). */
export async function browserBundle(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}
