import { expect, it } from 'vitest';
import { parseProxySettings } from '../../../../src/engine/proxy/proxy-settings';

/** An upstream URL with credentials in it is refused (they go in the proxy's auth), and the refusal does not repeat the password. */
it.each(['http://app:S3cret-Pw@127.0.0.1:3000/scim/v2', 'https://app:S3cret-Pw@scim.example.com/scim/v2'])('%s', (upstream) => {
  let message = '';
  try {
    parseProxySettings({ upstream }, undefined);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('proxy.upstream');
  expect(message).not.toContain('S3cret-Pw');
});
