import { useState } from 'react';
import type { RecordedExchange } from '../../../shared/recording';
import { asCurl } from '../copy-as-curl';
import { asFetch } from '../copy-as-fetch';
import { useConnection } from '../store/connection';

/**
 * Copy as cURL / fetch, runnable against this workbench. The token is read from SCIM_TOKEN unless
 * the user ticks "with token" (it then sits in the clipboard in clear: their explicit choice).
 * The copied text is also kept in `data-copied`, what a test reads when the clipboard is not.
 */
export function CopyRequestButtons({ exchange }: { exchange: RecordedExchange }) {
  const { client, scimBaseUrl } = useConnection();
  const [withToken, setWithToken] = useState(false);
  const [copied, setCopied] = useState<{ text: string; note: string }>();

  const copy = async (format: 'cURL' | 'fetch') => {
    try {
      // The workspace's Basic username and token; an imported exchange's workspace may not exist here, which only "with token" needs.
      const connection = client
        ? await client.workspaceConnection(exchange.workspace).catch((error: unknown) => (withToken ? Promise.reject(error) : undefined))
        : undefined;
      const options = {
        origin: scimBaseUrl ? new URL(scimBaseUrl).origin : undefined,
        token: withToken ? connection?.token : undefined,
        basicUsername: connection?.auth.username,
      };
      const text = format === 'cURL' ? asCurl(exchange, options) : asFetch(exchange, options);
      await navigator.clipboard?.writeText(text);
      const needsToken = /SCIM_TOKEN/.test(text);
      const note =
        withToken || !needsToken
          ? `Copied as ${format}.`
          : format === 'cURL'
            ? `Copied as cURL. Set the token first: export SCIM_TOKEN='…' (the workspace token, on Connection).`
            : `Copied as fetch. Run it with the token in SCIM_TOKEN: SCIM_TOKEN='…' node (the workspace token, on Connection).`;
      setCopied({ text, note });
    } catch (reason) {
      setCopied({ text: '', note: `Could not copy: ${(reason as Error).message}` });
    }
  };

  return (
    <div className="toolbar copy-request">
      <button type="button" onClick={() => void copy('cURL')}>
        Copy as cURL
      </button>
      <button type="button" onClick={() => void copy('fetch')}>
        Copy as fetch
      </button>
      <label title="Puts the workspace token in the copied text, in clear">
        <input type="checkbox" checked={withToken} onChange={(event) => setWithToken(event.target.checked)} /> with token
      </label>
      {copied && (
        <span role="status" data-testid="copied-request" data-copied={copied.text}>
          {copied.note}
        </span>
      )}
    </div>
  );
}
