import { parseJsonOrUndefined } from '../../../shared/json-values';

/** An admin API answer that was not a success, with its status (404: the engine does not know the thing). */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The answer's JSON body, for errors that say more than a message (a refused fault rule's `problems`). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/**
 * An admin API answer as its JSON body, or an error the inspector can show: the engine's own
 * `{error}` message, else the status and the start of the text (a proxy's or a crashed engine's
 * answer is not JSON, and a JSON syntax error would hide what happened).
 */
export async function readAdminAnswer<T>(response: Response, method: string, path: string): Promise<T> {
  const text = await response.text();
  const data = parseJsonOrUndefined(text);
  if (!response.ok) {
    const error = (data as { error?: unknown } | undefined)?.error;
    throw new AdminApiError(
      typeof error === 'string' ? error : `${method} ${path} answered ${response.status}${data === undefined && text ? `: ${text.slice(0, 200)}` : ''}`,
      response.status,
      data,
    );
  }
  if (text && data === undefined) throw new Error(`${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  return data as T;
}
