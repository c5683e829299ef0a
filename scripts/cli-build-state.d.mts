export const CLI_BUNDLE: string;
export type CliBuildState = { state: 'fresh' | 'missing'; bundle: string } | { state: 'stale'; bundle: string; newer: string };
export function cliBuildState(bundle?: string): CliBuildState;
