import type { AttributeRule, GroupRule, WorkspaceMappings } from '../../shared/mappings';

/**
 * The shape the editor can show (lists where lists go); every finer problem is the engine's to
 * explain once the draft is checked.
 */
export function asEditable(input: unknown, current: WorkspaceMappings): WorkspaceMappings | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const candidate = input as Partial<WorkspaceMappings>;
  if ((candidate.attributes !== undefined && !Array.isArray(candidate.attributes)) || (candidate.groups !== undefined && !Array.isArray(candidate.groups)))
    return undefined;
  const rules = (candidate.attributes ?? []).filter((rule): rule is AttributeRule => rule !== null && typeof rule === 'object');
  const groups = (candidate.groups ?? []).filter((rule): rule is GroupRule => rule !== null && typeof rule === 'object');
  return {
    ...candidate,
    attributes: rules.map((rule) => ({ ...rule, appField: typeof rule.appField === 'string' ? rule.appField : '' })),
    groups: groups.map((rule) => ({ idpGroup: String(rule.idpGroup ?? ''), matchBy: rule.matchBy ?? 'displayName', appRole: String(rule.appRole ?? '') })),
    unmappedGroups: candidate.unmappedGroups ?? current.unmappedGroups,
    lifecycle: { ...current.lifecycle, ...(candidate.lifecycle && typeof candidate.lifecycle === 'object' ? candidate.lifecycle : {}) },
  };
}

/** `Engineering=ENG, Sales=SLS` ⇄ { Engineering: 'ENG', Sales: 'SLS' }. */
export function parseValueMap(text: string): Record<string, string> | undefined {
  const entries = text
    .split(',')
    .map((pair) => pair.split('=').map((part) => part.trim()))
    .filter((pair) => pair.length === 2 && pair[0] !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function formatValueMap(map: Record<string, string> | undefined): string {
  return map
    ? Object.entries(map)
        .map(([from, to]) => `${from}=${to}`)
        .join(', ')
    : '';
}

export function prune<T extends object>(value: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return Object.keys(kept).length > 0 ? (kept as T) : undefined;
}
