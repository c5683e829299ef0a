import { describe, expect, it, vi } from 'vitest';
import { guardNavigation, isExternalWebUrl, isRendererUrl, type NavigableContents } from '../../../src/main/navigation';

const PACKAGED = 'file:///Applications/SCIM%20Workbench.app/Contents/Resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('isRendererUrl', () => {
  it('accepts the packaged index.html, with or without a hash or query', () => {
    expect(isRendererUrl(PACKAGED, PACKAGED)).toBe(true);
    expect(isRendererUrl(`${PACKAGED}#/users`, PACKAGED)).toBe(true);
    expect(isRendererUrl(`${PACKAGED}?x=1`, PACKAGED)).toBe(true);
  });

  it('rejects other local files, since every file:// page shares one origin', () => {
    expect(isRendererUrl('file:///etc/passwd', PACKAGED)).toBe(false);
    expect(isRendererUrl('file:///tmp/evil.html', PACKAGED)).toBe(false);
  });

  it('accepts any page of the dev server origin and nothing else', () => {
    expect(isRendererUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isRendererUrl('https://localhost:5173/', DEV)).toBe(false);
    expect(isRendererUrl('https://example.com/', DEV)).toBe(false);
  });

  it('rejects unparseable URLs', () => {
    expect(isRendererUrl('not a url', PACKAGED)).toBe(false);
    expect(isRendererUrl('', DEV)).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('allows only http and https', () => {
    expect(isExternalWebUrl('https://developer.okta.com/docs/')).toBe(true);
    expect(isExternalWebUrl('http://127.0.0.1:8787/scim/v2/Users')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('smb://attacker/share')).toBe(false);
    expect(isExternalWebUrl('garbage')).toBe(false);
  });
});

describe('guardNavigation', () => {
  function fakeContents() {
    let onNavigate: ((event: { url: string; preventDefault(): void }) => void) | undefined;
    let onOpen: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: NavigableContents = {
      on: (_event, listener) => (onNavigate = listener),
      setWindowOpenHandler: (handler) => (onOpen = handler),
    };
    const navigate = (url: string) => {
      const preventDefault = vi.fn();
      onNavigate?.({ url, preventDefault });
      return preventDefault;
    };
    return { contents, navigate, open: (url: string) => onOpen?.({ url }) };
  }

  it('lets the renderer navigate within itself', () => {
    const { contents, navigate } = fakeContents();
    const openExternal = vi.fn();
    guardNavigation(contents, PACKAGED, openExternal);
    expect(navigate(`${PACKAGED}#/groups`)).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation elsewhere and sends web links to the browser', () => {
    const { contents, navigate } = fakeContents();
    const openExternal = vi.fn();
    guardNavigation(contents, PACKAGED, openExternal);
    expect(navigate('https://example.com/')).toHaveBeenCalledOnce();
    expect(navigate('file:///tmp/evil.html')).toHaveBeenCalledOnce();
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('denies every new window, opening only web links externally', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardNavigation(contents, PACKAGED, openExternal);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });
});
