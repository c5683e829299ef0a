// The formats a session exports to, apart from the exporter: `export --format`'s parser and help need them without it.
export type ExportFormat = 'json' | 'har';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'har'];
