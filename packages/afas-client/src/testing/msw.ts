/**
 * The msw adapter: one catch-all handler for the simulator's base URL. msw is an optional peer
 * dependency, so it is loaded here only, lazily; everything else in `afas-client/testing` works
 * without it.
 */
import { createRequire } from 'node:module';
import type { HttpHandler } from 'msw';
import type { SimulatedResponse } from './responses.js';

/**
 * msw, loaded on first use through `require` (Node ≥ 22.12 requires ES modules synchronously):
 * no top-level await, so `afas-client/testing` can itself be required from CommonJS.
 */
function loadMsw(): typeof import('msw') | undefined {
  try {
    return createRequire(import.meta.url)('msw') as typeof import('msw');
  } catch {
    return undefined;
  }
}

/** What the adapter needs from a simulator. */
export interface MswTarget {
  readonly baseUrl: string;
  handle(request: Request): Promise<SimulatedResponse>;
}

/** Whether `url` lies under `baseUrl` (host as URL compares it, path case-insensitively, as AFAS does). */
export function isUnderBaseUrl(url: string, baseUrl: string): boolean {
  const candidate = new URL(url);
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '').toLowerCase();
  const path = candidate.pathname.toLowerCase();
  return candidate.origin === base.origin && (path === basePath || path.startsWith(`${basePath}/`));
}

/**
 * msw request handlers that answer every request under the simulator's base URL. A dropped
 * connection becomes `HttpResponse.error()`; a hanging one never answers until the request aborts.
 */
export function createMswHandlers(target: MswTarget): HttpHandler[] {
  const msw = loadMsw();
  if (!msw) {
    throw new Error("The simulator's msw handlers need the optional peer dependency 'msw' (install msw ^3).");
  }
  const { http, HttpResponse } = msw;
  return [
    http.all(
      ({ request }) => isUnderBaseUrl(request.url, target.baseUrl),
      async ({ request }) => {
        const result = await target.handle(request);
        if (result instanceof Response) return result;
        if (result.fault === 'drop') return HttpResponse.error();
        return new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => resolve(HttpResponse.error()), { once: true });
        });
      },
    ),
  ];
}
