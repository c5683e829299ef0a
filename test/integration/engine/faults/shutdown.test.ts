import { describe, expect, it } from 'vitest';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer } from '../../../support/scim-server';

/** A hold never delays a shutdown: closing the listener releases held exchanges and ends time-outs. */
describe('closing while requests are held', () => {
  it('releases a breakpoint as-is and drops a timed-out request at once', async () => {
    const scim = await startScimServer();
    let closed = false;
    try {
      const faults = scim.app.workbench.faults;
      faults.create('default', { name: 'hold creates', match: { methods: ['POST'] }, action: { kind: 'breakpoint', stage: 'request', timeoutMs: 600_000 } });
      faults.create('default', { name: 'hang reads', match: { methods: ['GET'] }, action: { kind: 'timeout', ms: 600_000 } });
      const created = scim.request('POST', '/Users', { schemas: [URN.user], userName: 'late@example.com' });
      const read = scim.request('GET', '/Users').catch((error: Error) => error);
      await expect.poll(() => faults.list('default').rules.map((rule) => rule.stats.fired)).toEqual([1, 1]);
      expect(faults.breakpoints.size).toBe(1);
      await scim.close();
      closed = true;
      expect((await created).status).toBe(201);
      expect(await read).toBeInstanceOf(Error);
    } finally {
      if (!closed) await scim.close();
    }
  });
});
