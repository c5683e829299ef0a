import { describe, expect, it } from 'vitest';
import { registerEngineInfoHandler, type InvokeHandlerRegistry } from '../../../src/main/ipc';
import { ENGINE_INFO_CHANNEL, type EngineInfo } from '../../../src/shared/bridge';

const INFO: EngineInfo = {
  scimBaseUrl: 'http://127.0.0.1:8787/scim/v2',
  token: 'secret',
  version: '0.1.0',
  adminUrl: 'http://127.0.0.1:9999/api',
  adminToken: 'admin',
};
const TRUSTED = 'file:///app/out/renderer/index.html';

function register() {
  const handlers = new Map<string, Parameters<InvokeHandlerRegistry['handle']>[1]>();
  registerEngineInfoHandler(
    { handle: (channel, listener) => handlers.set(channel, listener) },
    () => INFO,
    (url) => url === TRUSTED,
  );
  return handlers;
}

describe('registerEngineInfoHandler', () => {
  it('registers exactly one channel', () => {
    expect([...register().keys()]).toEqual([ENGINE_INFO_CHANNEL]);
  });

  it('answers our renderer with the engine info', () => {
    const handler = register().get(ENGINE_INFO_CHANNEL)!;
    expect(handler({ senderFrame: { url: TRUSTED } })).toEqual(INFO);
  });

  it('refuses other pages and frames that are gone, so the token does not leak', () => {
    const handler = register().get(ENGINE_INFO_CHANNEL)!;
    expect(() => handler({ senderFrame: { url: 'https://example.com/' } })).toThrow(/refused/);
    expect(() => handler({ senderFrame: null })).toThrow(/refused/);
  });
});
