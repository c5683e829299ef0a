import { describe, expect, it } from 'vitest';
import { describeNgrokError } from '../../../../src/engine/tunnels/ngrok-tunnel';

/** ngrok's errors as its service words them (ERR_NGROK_… codes), turned into what to do. */
describe('describeNgrokError', () => {
  it('explains a refused authtoken, whether the code is on the error or in its text', () => {
    const inText = new Error('authentication failed: The authtoken you specified does not look like a proper ngrok tunnel authtoken.\n\nERR_NGROK_105\n');
    expect(describeNgrokError(inText)).toMatch(/^ngrok refused the authtoken \(ERR_NGROK_105\): copy the current one from https:\/\/dashboard\.ngrok\.com/);
    const onError = Object.assign(new Error('authentication failed'), { errorCode: 'ERR_NGROK_107' });
    expect(describeNgrokError(onError)).toContain('ngrok refused the authtoken (ERR_NGROK_107)');
  });

  it('explains an account without authtoken and a session limit', () => {
    expect(describeNgrokError(new Error('authentication failed: Usage of ngrok requires a verified account and authtoken.\nERR_NGROK_4018'))).toContain(
      'needs a verified account',
    );
    expect(describeNgrokError(new Error('Your account is limited to 1 simultaneous ngrok agent sessions.\nERR_NGROK_108'))).toContain(
      'stop the other ngrok agent',
    );
  });

  it("keeps ngrok's words and its documentation link for other codes", () => {
    expect(describeNgrokError(new Error("failed to bind listener: The domain 'x.ngrok.app' is not reserved.\n\nERR_NGROK_319\n"))).toBe(
      "ngrok refused the tunnel (ERR_NGROK_319): failed to bind listener: The domain 'x.ngrok.app' is not reserved. ERR_NGROK_319 — see https://ngrok.com/docs/errors/err_ngrok_319",
    );
  });

  it('tells network failures from the rest', () => {
    expect(describeNgrokError(new Error('failed to connect session: failed to establish tcp connection'))).toBe(
      'Cannot reach ngrok at connect.ngrok-agent.com:443: no network, or a firewall or proxy blocks it.',
    );
    expect(describeNgrokError('something odd')).toBe('ngrok failed: something odd');
  });
});
