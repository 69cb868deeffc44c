/**
 * The package's version, sent as `User-Agent: afas-client/<version>`. Written by `pnpm
 * version-packages` from package.json (a test checks they agree): the main entry reads no files, so
 * it loads in browsers and workers too.
 */
export const VERSION = '0.1.0';
