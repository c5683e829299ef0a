/**
 * Keeps the window on our own renderer: any navigation or window.open to another
 * origin is refused, and http(s) links are handed to the user's browser instead.
 */

/**
 * True when `candidate` is a page of our renderer. `rendererUrl` is either the
 * vite dev-server URL (same origin counts) or the packaged index.html's file:// URL
 * (only that exact file counts — every file:// URL shares one opaque origin).
 */
export function isRendererUrl(candidate: string, rendererUrl: string): boolean {
  const target = parseUrl(candidate);
  const renderer = parseUrl(rendererUrl);
  if (!target || !renderer) return false;
  if (renderer.protocol === 'file:') return target.protocol === 'file:' && target.pathname === renderer.pathname;
  return target.origin === renderer.origin;
}

/** Only http(s) goes to the system browser: file:, javascript:, custom schemes etc. are dropped. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed?.protocol === 'http:' || parsed?.protocol === 'https:';
}

/** The slice of Electron's WebContents the guard needs, so tests can pass a fake. */
export interface NavigableContents {
  on(event: 'will-navigate', listener: (event: { url: string; preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function guardNavigation(contents: NavigableContents, rendererUrl: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
    if (isExternalWebUrl(event.url)) openExternal(event.url);
  });
  // The app never needs a second window; links with target=_blank open in the browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
