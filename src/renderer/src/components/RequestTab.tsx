import type { RecordedExchange } from '../../../shared/recording';
import { queryParamsOf } from '../query-params';
import { CopyRequestButtons } from './CopyRequestButtons';
import { JsonView } from './JsonView';

/** The request as sent: copy as cURL/fetch, its query parameters decoded, its body. */
export function RequestTab({ exchange }: { exchange: RecordedExchange }) {
  const params = queryParamsOf(exchange.request.url);
  const { method, body } = exchange.request;
  return (
    <>
      <CopyRequestButtons exchange={exchange} />
      {params.length > 0 && (
        <table className="query-params" aria-label="Query parameters">
          <thead>
            <tr>
              <th scope="col">Query parameter</th>
              <th scope="col">Value (decoded)</th>
            </tr>
          </thead>
          <tbody>
            {params.map(([name, value], index) => (
              <tr key={index}>
                <th scope="row">{name}</th>
                <td>
                  <code>{value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {body === null || body === '' ? (
        <p className="empty">{params.length > 0 ? `${method} sends no body.` : `${method} sent no body and no query parameters.`}</p>
      ) : (
        <JsonView label="Request" text={body} />
      )}
    </>
  );
}
