/**
 * The JSON text of a resource document the service has serialised already, so that recording its
 * version does not serialise it again (twice: once to look for secret names, once to store it).
 * Only text made by JSON.stringify of that very object is remembered, by whoever made it; a
 * document is never changed once its text exists. Unknown documents are serialised as before.
 */
const texts = new WeakMap<object, string>();

export function rememberDocumentText(document: object, text: string): void {
  texts.set(document, text);
}

/** JSON.stringify(document), from what was remembered when there is. */
export function documentText(document: object): string {
  return texts.get(document) ?? JSON.stringify(document);
}
