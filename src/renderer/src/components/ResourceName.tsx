import { useState } from 'react';

/** A resource by its name (userName, displayName), its id in the tooltip and one click away (copy); the id alone when no name is known. */
export function ResourceName({ type, id, name }: { type?: string; id: string; name?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="resource-name">
      <span title={`id ${id}`} data-id={id}>
        {type && `${type} `}
        {name ?? id}
      </span>
      {name !== undefined && (
        <button
          type="button"
          className="copy-id"
          aria-label={`Copy the id of ${name}`}
          title={copied ? 'Copied' : `Copy id ${id}`}
          onClick={() => {
            void navigator.clipboard?.writeText(id);
            setCopied(true);
          }}
        >
          {copied ? 'id copied' : 'id'}
        </button>
      )}
    </span>
  );
}
