import { useState, type ReactNode } from 'react';
import { useConnection } from '../store/connection';
import { useSessions } from '../store/sessions';

/** Accepts session files and HARs dropped onto what it wraps (the traffic list), imported one after another. */
export function ImportDropZone({ children }: { children: ReactNode }) {
  const client = useConnection((state) => state.client)!;
  const importFile = useSessions((state) => state.importFile);
  const [over, setOver] = useState(false);
  const carriesFiles = (event: React.DragEvent) => event.dataTransfer.types.includes('Files');

  return (
    <div
      className={`import-drop-zone${over ? ' dropping' : ''}`}
      data-testid="import-drop-zone"
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      // Leaving for one of its own children is no leaving.
      onDragLeave={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && setOver(false)}
      onDrop={async (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setOver(false);
        for (const file of Array.from(event.dataTransfer.files)) await importFile(client, file);
      }}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop a session file or HAR to import it
        </div>
      )}
    </div>
  );
}
