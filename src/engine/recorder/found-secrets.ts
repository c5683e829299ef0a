import { REDACTED } from '../../shared/recording';

/**
 * The values redacted from one request, so they can be scrubbed wherever the server echoed them:
 * an error quoting the filter (`The filter "pin eq 1234" has unquoted values (1234)`), a note
 * ("Unquoted filter value 1234 read as string"). Values shorter than MIN_LENGTH are not scrubbed:
 * replacing every "12" in a response would garble ids and counts, and so short a secret is guessed anyway.
 */
export class FoundSecrets {
  private readonly values = new Set<string>();

  add(value: unknown): void {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const text = String(value);
    if (text.length >= MIN_LENGTH && text !== REDACTED && !text.includes(REDACTED)) this.values.add(text);
  }

  /** Free text with every found value replaced. */
  scrubText(text: string): string {
    if (this.values.size === 0) return text;
    let result = text;
    for (const value of this.values) if (result.includes(value)) result = result.split(value).join(REDACTED);
    return result;
  }

  /** A body with every found value replaced inside its strings; JSON stays JSON (a number is not turned into text). */
  scrubBody(text: string | null): string | null {
    if (text === null || this.values.size === 0 || ![...this.values].some((value) => text.includes(value) || text.includes(jsonEscaped(value)))) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.scrubText(text);
    }
    return JSON.stringify(this.scrubValue(parsed));
  }

  /** A resource change with every found value replaced inside its documents (an upstream's answer observed as a version). */
  scrubChange<T extends { before: unknown; after: unknown }>(change: T): T {
    if (this.values.size === 0) return change;
    return { ...change, before: this.scrubValue(change.before), after: this.scrubValue(change.after) };
  }

  private scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (typeof value === 'number') return this.values.has(String(value)) ? REDACTED : value;
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.scrubText(key), this.scrubValue(item)]));
  }
}

const MIN_LENGTH = 4;

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
