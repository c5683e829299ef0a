import { useState } from 'react';

/** A body shown pretty-printed when it is JSON (folding via <details>), raw otherwise, with copy. */
export function JsonView({ text, label }: { text: string | null; label: string }) {
  const [raw, setRaw] = useState(false);
  if (text === null || text === '') return <p className="empty">No {label.toLowerCase()} body.</p>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return (
    <div className="json-view">
      <div className="toolbar">
        {parsed !== undefined && (
          <button type="button" onClick={() => setRaw(!raw)}>
            {raw ? 'Pretty' : 'Raw'}
          </button>
        )}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy
        </button>
      </div>
      {parsed === undefined || raw ? (
        <pre aria-label={`${label} body`}>{text}</pre>
      ) : (
        <div aria-label={`${label} body`}>
          <JsonNode value={parsed} />
        </div>
      )}
    </div>
  );
}

function JsonNode({ value, name }: { value: unknown; name?: string }) {
  const key = name === undefined ? null : <span className="json-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {key}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0)
    return (
      <div className="json-line">
        {key}
        {open}
        {close}
      </div>
    );
  return (
    <details open className="json-node">
      <summary>
        {key}
        {open}
        <span className="json-count"> {entries.length} </span>
      </summary>
      <div className="json-children">
        {entries.map(([childName, child]) => (
          <JsonNode key={childName} name={Array.isArray(value) ? undefined : childName} value={child} />
        ))}
      </div>
      <div className="json-line">{close}</div>
    </details>
  );
}
