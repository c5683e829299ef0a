import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../src/main/window';

describe('windowOptions', () => {
  it('isolates and sandboxes the renderer and uses the given preload', () => {
    const { webPreferences } = windowOptions('/app/out/preload/index.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    });
  });
});
