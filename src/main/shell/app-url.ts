/**
 * Where the renderer lives and what counts as "the app's own page". One definition serves three guards (IPC sender
 * check, navigation refusal, CSP scope), so they cannot drift apart. Plain Node: no `electron` import, unit-testable.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How the window loads the renderer: the electron-vite dev server in development, the built file otherwise. */
export type RendererTarget = { kind: 'url'; url: string } | { kind: 'file'; path: string; url: string };

/**
 * @param devServerUrl `process.env.ELECTRON_RENDERER_URL`, set by `electron-vite dev` only.
 * @param mainDir the folder of the main bundle (`out/main`), i.e. `import.meta.dirname` of the entry.
 */
export function rendererTarget(devServerUrl: string | undefined, mainDir: string): RendererTarget {
  if (devServerUrl) return { kind: 'url', url: devServerUrl };
  const path = join(mainDir, '../renderer/index.html');
  return { kind: 'file', path, url: pathToFileURL(path).href };
}

/**
 * A predicate for "this URL is the app's page".
 *
 * file:// URLs all share the opaque origin "null", so comparing origins would trust every file on disk: for a
 * file target only that exact document (ignoring query and hash, which a hash router changes) is the app. For the dev
 * server the origin is the unit of trust, as in a browser.
 */
export function isAppUrl(target: RendererTarget): (url: string) => boolean {
  const app = parse(target.url);
  if (!app) return () => false;
  if (app.protocol === 'file:') {
    const appDocument = withoutQueryAndHash(app);
    return (url) => {
      const candidate = parse(url);
      return candidate?.protocol === 'file:' && withoutQueryAndHash(candidate) === appDocument;
    };
  }
  return (url) => {
    const candidate = parse(url);
    return candidate !== null && candidate.origin !== 'null' && candidate.origin === app.origin;
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function withoutQueryAndHash(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
