/**
 * The picked workspace lives in the page's query (`?workspace=demo`) so a tab can be bookmarked
 * and a reload keeps it; the default workspace leaves the query out. The `#token=` fragment is
 * handled (and removed) by connectToEngine; whatever fragment is left is kept as it is.
 */
export const WORKSPACE_PARAM = 'workspace';

export function workspaceFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get(WORKSPACE_PARAM)?.trim() || undefined;
}

export function writeWorkspaceToUrl(slug: string, defaultSlug: string): void {
  const url = new URL(window.location.href);
  if (slug === defaultSlug) url.searchParams.delete(WORKSPACE_PARAM);
  else url.searchParams.set(WORKSPACE_PARAM, slug);
  if (url.href === window.location.href) return;
  try {
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  } catch {
    // A page whose URL cannot change (some file:// loads): the picker still works, only unbookmarked.
  }
}
