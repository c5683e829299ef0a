export const CLI_BUNDLE: string;
export type CliBuildState = { state: 'fresh' | 'missing'; bundle: string } | { state: 'stale'; bundle: string; newer: string };
/** `root`: the checkout whose sources count (this one by default). */
export function cliBuildState(bundle?: string, root?: string): CliBuildState;
