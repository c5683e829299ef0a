import type { ColumnDef } from './hooks/use-column-layout';

/**
 * The traffic list's columns, in the order its rows render their cells. Widths fit their longest
 * usual value at the base font size (a 12-hour time with seconds, "OneLogin", "DELETE").
 */
export const TRAFFIC_COLUMNS: ColumnDef[] = [
  { id: 'session', label: 'Session', width: 104 },
  { id: 'time', label: 'Time', width: 84 },
  { id: 'client', label: 'Client', width: 64 },
  { id: 'method', label: 'Method', width: 60 },
  { id: 'path', label: 'Path', flexible: 'minmax(5rem, 1fr)' },
  // Room for the verdict badge after the status (components/VerdictBadge.tsx).
  { id: 'status', label: 'Status', width: 76 },
  { id: 'ms', label: 'ms', title: 'Duration (ms)', width: 44 },
  { id: 'operation', label: 'Operation', flexible: 'minmax(12rem, 2fr)' },
];

/** Without the session column, when the list shows one session. */
export const TRAFFIC_COLUMNS_ONE_SESSION = TRAFFIC_COLUMNS.slice(1);
