/** One server-sent event: its name and its data line. */
export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Reads a server-sent event stream (the admin API's live feed) for a test. Every wait has a
 * deadline: a stream that goes quiet fails with what was awaited and what arrived, and one that
 * ends fails at once, instead of the test hanging until Vitest's timeout with no message.
 */
export function readEventStream(response: Response, timeoutMs = 10_000) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  /** The end of everything received, for the failure messages. */
  let lately = '';
  const received: StreamEvent[] = [];

  /** Moves the complete events (each ends with a blank line) from the text to `received`. */
  const takeCompleteEvents = () => {
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined) received.push({ event, data: data ?? '' });
    }
  };

  const readMore = async (what: string, deadline: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No ${what} within ${timeoutMs / 1000} s; the stream sent ${sent()}`)), Math.max(0, deadline - Date.now()));
    });
    try {
      const chunk = await Promise.race([reader.read(), late]);
      if (chunk.done) throw new Error(`The event stream ended before ${what}; it sent ${sent()}`);
      const decoded = decoder.decode(chunk.value, { stream: true });
      text += decoded;
      lately = (lately + decoded).slice(-500);
      takeCompleteEvents();
    } finally {
      clearTimeout(timer);
    }
  };
  const sent = () => JSON.stringify(lately);

  /**
   * The data of the events named `name` from here on, read until `enough` holds for them (at least
   * one). Events are taken once, and those of other names skipped: the next call sees only later ones.
   */
  async function eventsUntil(name: string, enough: (data: string[]) => boolean = (data) => data.length > 0): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const data: string[] = [];
    for (;;) {
      for (let event = received.shift(); event; event = received.shift()) {
        if (event.event !== name) continue;
        data.push(event.data);
        if (enough(data)) return data;
      }
      await readMore(`"${name}" event${data.length > 0 ? ` after ${data.length} of them` : ''}`, deadline);
    }
  }

  return {
    eventsUntil,
    /** The data of the next event named `name`. */
    next: async (name: string): Promise<string> => (await eventsUntil(name))[0]!,
    /** Stops reading (the test's abort of the request ends the stream too). */
    cancel: () => reader.cancel().catch(() => {}),
  };
}
