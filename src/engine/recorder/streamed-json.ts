/**
 * Where a document's streamed list goes: a string no recorded value holds (NUL bytes) that
 * `streamedJsonChunks` replaces with the list.
 */
export const STREAMED_LIST = '\u0000streamed list\u0000';

/**
 * The text of `document` in chunks, with the list at the place of STREAMED_LIST (the document's last
 * value) coming page by page from `pages` as the JSON text of each item: the whole text is never
 * in memory at once (a 200k-exchange session is more than V8's longest string). The document
 * around the list is indented as `JSON.stringify(document, null, 2)` does; each item is one line,
 * compact — parsed, the text is the document JSON.stringify would write, and writing an item
 * without indentation costs a third less (and a session of a million exchanges is a gigabyte).
 */
export async function* streamedJsonChunks(document: object, pages: AsyncIterable<readonly string[]>): AsyncGenerator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(STREAMED_LIST);
  // The last one: a user's text (a session name) that happened to hold the marker comes before it.
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error('The document has no STREAMED_LIST.');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0];
  const separator = `,\n${indent}  `;
  const head = `${text.slice(0, at)}[\n${indent}  `;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? head : separator}${page.join(separator)}`;
    first = false;
  }
  yield `${first ? text.slice(0, at) + '[' : `\n${indent}`}]${text.slice(at + marker.length)}`;
}
