import { useEffect, useMemo, useRef, useState } from 'react';
import { ancestorsOf, findMatches, jsonLines, lineContent, type JsonLine, type JsonMatch } from '../json-lines';
import './json-view.css';

/** Bodies with more lines than this open folded: rendering every line of a huge list would stall the pane. */
const FOLD_ABOVE_LINES = 2000;

/**
 * A body pretty-printed when it is JSON (valid JSON however it is selected and copied: commas,
 * quotes and indentation are text; fold marks and counts are not), raw otherwise; fold/unfold all,
 * search with next/previous, and Copy (the pretty print, or the raw text as received).
 */
export function JsonView({ text, label }: { text: string | null; label: string }) {
  // Another body starts unfolded and unsearched: fold marks are line numbers of the body they were made in.
  return <JsonBody key={text ?? ''} text={text} label={label} />;
}

function JsonBody({ text, label }: { text: string | null; label: string }) {
  const parsed = useMemo(() => parse(text), [text]);
  const lines = useMemo(() => (parsed.ok ? jsonLines(parsed.value) : []), [parsed]);
  const [raw, setRaw] = useState(false);
  const [folded, setFolded] = useState<ReadonlySet<number>>(() => (lines.length > FOLD_ABOVE_LINES ? foldAll(lines) : new Set()));
  const [search, setSearch] = useState({ query: '', current: 0 });
  const [copied, setCopied] = useState<string>();
  const currentMark = useRef<HTMLElement>(null);
  const pretty = parsed.ok && !raw;
  const contents = useMemo(() => (pretty ? lines.map(lineContent) : (text ?? '').split('\n')), [pretty, lines, text]);
  const matches = useMemo(() => findMatches(contents, search.query), [contents, search.query]);
  const current = matches.length === 0 ? undefined : matches[search.current % matches.length];
  useEffect(() => {
    currentMark.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  if (text === null || text === '') return <p className="empty">No {label.toLowerCase()} body.</p>;

  const go = (step: number) => {
    if (matches.length === 0) return;
    const next = (search.current + step + matches.length) % matches.length;
    setSearch({ ...search, current: next });
    // A match inside a folded container unfolds it.
    if (pretty) setFolded(without(folded, ancestorsOf(lines, matches[next]!.line)));
  };
  const copy = () => {
    const copiedText = pretty ? JSON.stringify(parsed.value, null, 2) : text;
    void navigator.clipboard?.writeText(copiedText);
    setCopied(copiedText);
  };

  return (
    <div className="json-view">
      <div className="toolbar">
        {parsed.ok && (
          <button type="button" onClick={() => setRaw(!raw)}>
            {raw ? 'Pretty' : 'Raw'}
          </button>
        )}
        <button type="button" onClick={copy}>
          Copy
        </button>
        {pretty && (
          <>
            <button type="button" onClick={() => setFolded(new Set())}>
              Expand all
            </button>
            <button type="button" onClick={() => setFolded(foldAll(lines))}>
              Collapse all
            </button>
          </>
        )}
        <input
          type="search"
          aria-label={`Search in the ${label.toLowerCase()} body`}
          placeholder="Search in body"
          value={search.query}
          onChange={(event) => {
            setSearch({ query: event.target.value, current: 0 });
            if (pretty) {
              const first = findMatches(contents, event.target.value)[0];
              if (first) setFolded(without(folded, ancestorsOf(lines, first.line)));
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              go(event.shiftKey ? -1 : 1);
            }
          }}
        />
        {search.query !== '' && (
          <>
            <span role="status" className="match-count">
              {matches.length === 0 ? 'No match' : `${(search.current % matches.length) + 1} of ${matches.length}`}
            </span>
            <button type="button" aria-label="Previous match" disabled={matches.length === 0} onClick={() => go(-1)}>
              ↑
            </button>
            <button type="button" aria-label="Next match" disabled={matches.length === 0} onClick={() => go(1)}>
              ↓
            </button>
          </>
        )}
        {copied !== undefined && (
          <span className="copied" data-testid="copied-body" data-copied={copied}>
            Copied.
          </span>
        )}
      </div>
      <pre className={pretty ? 'json-pretty' : 'json-raw'} role="group" aria-label={`${label} body`} tabIndex={0}>
        {pretty
          ? visibleLines(lines, folded).map((index) => (
              <PrettyLine
                key={index}
                line={lines[index]!}
                folded={folded.has(index)}
                closeComma={lines[lines[index]!.end ?? index]!.comma}
                onFold={() => setFolded(folded.has(index) ? without(folded, [index]) : new Set([...folded, index]))}
                marks={marksOn(matches, index, current, currentMark)}
              />
            ))
          : contents.map((content, index) => <div key={index}>{highlight(content, 0, marksOn(matches, index, current, currentMark))}</div>)}
      </pre>
    </div>
  );
}

interface Marks {
  matches: JsonMatch[];
  current?: JsonMatch;
  currentRef: React.RefObject<HTMLElement | null>;
}

/** One line of the pretty print; a folded container shows its closing bracket (and the comma after it) on its first line. */
function PrettyLine({ line, folded, closeComma, onFold, marks }: { line: JsonLine; folded: boolean; closeComma: boolean; onFold: () => void; marks: Marks }) {
  const keyPart = line.key === undefined ? '' : `${line.key}: `;
  const close = line.text === '{' ? '}' : ']';
  return (
    <div className={`json-line json-${line.kind}`}>
      {'  '.repeat(line.depth)}
      {line.kind === 'open' && (
        <button
          type="button"
          className="json-fold"
          aria-expanded={!folded}
          aria-label={`${folded ? 'Unfold' : 'Fold'} ${line.key ?? 'the body'}`}
          onClick={onFold}
        />
      )}
      {keyPart && <span className="json-key">{highlight(keyPart, 0, marks)}</span>}
      <span className={`json-${line.kind === 'open' || line.kind === 'close' || line.kind === 'empty' ? 'punctuation' : line.kind}`}>
        {highlight(line.text, keyPart.length, marks)}
      </span>
      {folded && (
        <>
          <span className="json-folded" data-summary={` ${line.count} ${line.text === '{' ? 'keys' : 'items'} `} />
          {close}
        </>
      )}
      {(folded ? closeComma : line.comma) && ','}
    </div>
  );
}

/** `text`, which starts at `offset` in its line's content, with the matches in it marked. */
function highlight(text: string, offset: number, { matches, current, currentRef }: Marks): React.ReactNode {
  const inside = matches.filter((match) => match.end > offset && match.start < offset + text.length);
  if (inside.length === 0) return text;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const match of inside) {
    const start = Math.max(match.start - offset, 0);
    const end = Math.min(match.end - offset, text.length);
    if (start > at) parts.push(text.slice(at, start));
    const isCurrent = match === current;
    parts.push(
      <mark key={start} className={isCurrent ? 'current' : undefined} aria-current={isCurrent || undefined} ref={isCurrent ? currentRef : undefined}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function marksOn(matches: JsonMatch[], line: number, current: JsonMatch | undefined, currentRef: React.RefObject<HTMLElement | null>): Marks {
  return { matches: matches.filter((match) => match.line === line), current, currentRef };
}

/** The lines shown: a folded container's lines are skipped up to and including its closing line. */
function visibleLines(lines: readonly JsonLine[], folded: ReadonlySet<number>): number[] {
  const shown: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    shown.push(index);
    if (folded.has(index)) index = lines[index]!.end!;
  }
  return shown;
}

/** Every container but the outermost, so the top level's keys stay in view. */
function foldAll(lines: readonly JsonLine[]): Set<number> {
  return new Set(lines.flatMap((line, index) => (line.kind === 'open' && line.depth > 0 ? [index] : [])));
}

function without(set: ReadonlySet<number>, items: number[]): Set<number> {
  const next = new Set(set);
  for (const item of items) next.delete(item);
  return next;
}

function parse(text: string | null): { ok: true; value: unknown } | { ok: false } {
  try {
    return text ? { ok: true, value: JSON.parse(text) } : { ok: false };
  } catch {
    return { ok: false };
  }
}
