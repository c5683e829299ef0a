import type { RecordedExchange } from '../../../shared/recording';
import { filterOf } from '../query-params';
import { scimErrorOf } from '../scim-error';

/** In the Summary's list: the filter asked with (decoded), and the SCIM error's type and the engine's reason. */
export function ErrorFacts({ exchange }: { exchange: RecordedExchange }) {
  const filter = filterOf(exchange.request);
  const error = exchange.response.status >= 400 ? scimErrorOf(exchange.response.body) : undefined;
  return (
    <>
      {filter !== undefined && (
        <>
          <dt>Filter</dt>
          <dd>
            <code data-testid="decoded-filter">{filter}</code>
          </dd>
        </>
      )}
      {error && (
        <>
          <dt>Error</dt>
          <dd data-testid="error-reason">
            {error.scimType && <strong>{error.scimType}</strong>}
            {error.scimType && error.detail && ': '}
            {error.detail}
          </dd>
        </>
      )}
    </>
  );
}
