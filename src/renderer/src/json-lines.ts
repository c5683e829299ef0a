/**
 * A JSON value as the lines of its 2-space pretty print (JSON.stringify(value, null, 2)), each
 * knowing its depth, its container and — for a container's first line — where it ends, so a viewer
 * can fold containers, search the lines and still give back valid JSON: the lines' text joined
 * with newlines is exactly the pretty print.
 */
export interface JsonLine {
  depth: number;
  /** `"name"` (JSON-encoded) for a member of an object. */
  key?: string;
  /** A value, `{`/`[` opening a container, `}`/`]` closing one, or `{}`/`[]` for an empty one. */
  text: string;
  kind: 'string' | 'number' | 'boolean' | 'null' | 'open' | 'close' | 'empty';
  comma: boolean;
  /** The index of the line opening the container this line is in (-1: none). */
  parent: number;
  /** For an `open` line: the index of its closing line and the number of entries. */
  end?: number;
  count?: number;
}

export function jsonLines(value: unknown): JsonLine[] {
  const lines: JsonLine[] = [];
  const walk = (node: unknown, depth: number, parent: number, key: string | undefined, comma: boolean) => {
    const keyPart = key === undefined ? {} : { key: JSON.stringify(key) };
    if (node === null || typeof node !== 'object') {
      const kind = node === null ? 'null' : typeof node === 'string' ? 'string' : typeof node === 'number' ? 'number' : 'boolean';
      // JSON.stringify gives `null` for what JSON cannot hold (NaN, Infinity): parsed JSON never has them.
      lines.push({ depth, ...keyPart, text: JSON.stringify(node) ?? 'null', kind, comma, parent });
      return;
    }
    const entries: [string | undefined, unknown][] = Array.isArray(node) ? node.map((item) => [undefined, item]) : Object.entries(node);
    const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      lines.push({ depth, ...keyPart, text: `${open}${close}`, kind: 'empty', comma, parent });
      return;
    }
    const index = lines.length;
    const line: JsonLine = { depth, ...keyPart, text: open, kind: 'open', comma: false, parent, count: entries.length };
    lines.push(line);
    entries.forEach(([childKey, child], position) => walk(child, depth + 1, index, childKey, position < entries.length - 1));
    line.end = lines.length;
    lines.push({ depth, text: close, kind: 'close', comma, parent });
  };
  walk(value, 0, -1, undefined, false);
  return lines;
}

/** What a line shows after its indentation: `"key": value,`. */
export function lineContent(line: JsonLine): string {
  return `${line.key === undefined ? '' : `${line.key}: `}${line.text}${line.comma ? ',' : ''}`;
}

export function lineText(line: JsonLine): string {
  return `${'  '.repeat(line.depth)}${lineContent(line)}`;
}

export interface JsonMatch {
  line: number;
  start: number;
  end: number;
}

/** Where `query` occurs in the lines (their content, without indentation), ignoring case, in reading order (empty query: none). */
export function findMatches(contents: readonly string[], query: string): JsonMatch[] {
  const needle = query.toLowerCase();
  if (needle === '') return [];
  const matches: JsonMatch[] = [];
  contents.forEach((text, index) => {
    // Lower-casing that changes a text's length (rare letters such as İ) would shift the marks: matched as written instead.
    const lower = text.toLowerCase();
    const content = lower.length === text.length ? lower : text;
    for (let at = content.indexOf(needle); at !== -1; at = content.indexOf(needle, at + needle.length)) {
      matches.push({ line: index, start: at, end: at + needle.length });
    }
  });
  return matches;
}

/** The containers (their opening lines) a line is inside, innermost first: what must be unfolded to show it. */
export function ancestorsOf(lines: readonly JsonLine[], index: number): number[] {
  const ancestors: number[] = [];
  for (let parent = lines[index]?.parent ?? -1; parent !== -1; parent = lines[parent]!.parent) ancestors.push(parent);
  return ancestors;
}
