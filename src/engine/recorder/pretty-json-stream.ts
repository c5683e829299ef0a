/**
 * Where a document's streamed list goes: a string no recorded value holds (NUL bytes) that
 * `prettyJsonChunks` replaces with the list.
 */
export const STREAMED_LIST = '\u0000streamed list\u0000';

/**
 * The text of `JSON.stringify(document, null, 2)`, byte for byte, in chunks: the list at the place
 * of STREAMED_LIST (the document's last value) comes page by page from `pages`, so the whole text
 * is never in memory at once (a 200k-exchange session is more than V8's longest string).
 */
export async function* prettyJsonChunks(document: object, pages: AsyncIterable<readonly unknown[]>): AsyncGenerator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(STREAMED_LIST);
  // The last one: a user's text (a session name) that happened to hold the marker comes before it.
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error('The document has no STREAMED_LIST.');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0];
  const itemIndent = `${indent}  `;
  let head = `${text.slice(0, at)}[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    let chunk = head;
    for (const item of page) {
      // Strings in JSON text never hold a raw newline, so every '\n' is a line break to indent.
      chunk += `${first ? '' : ','}\n${itemIndent}${JSON.stringify(item, null, 2).replaceAll('\n', `\n${itemIndent}`)}`;
      first = false;
    }
    head = '';
    yield chunk;
  }
  yield `${head}${first ? '' : `\n${indent}`}]${text.slice(at + marker.length)}`;
}
