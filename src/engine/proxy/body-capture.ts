/**
 * What the recording keeps of a proxied body while it streams past: the bytes up to a limit (the
 * whole body of any SCIM answer but a very large page), and the size of the rest. A body over the
 * limit is recorded without its text, with a note saying how large it was (a cut JSON text would
 * only mislead the inspector and the search).
 */
export const RECORDED_BODY_LIMIT = 16 * 1024 * 1024;

export class BodyCapture {
  private chunks: Buffer[] = [];
  size = 0;

  constructor(readonly limit: number = RECORDED_BODY_LIMIT) {}

  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= this.limit) this.chunks.push(chunk);
    else this.chunks = [];
  }

  get overLimit(): boolean {
    return this.size > this.limit;
  }

  /** The body as text; null when there was none or it was over the limit. */
  text(): string | null {
    if (this.size === 0 || this.overLimit) return null;
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
