import http from 'node:http';
import https from 'node:https';

/**
 * Keep-alive connection pools to the upstreams, one per origin and TLS policy: a proxied request
 * reuses an open connection instead of paying a TCP (and TLS) handshake each time, which is most
 * of what a proxy would add to a request on this machine.
 *
 * Node's own http/https agents rather than undici: undici is not among this project's
 * dependencies, and Node's built-in fetch cannot switch certificate checks off per upstream.
 */
export class UpstreamAgents {
  private readonly agents = new Map<string, http.Agent>();

  agentFor(url: URL, insecureTls: boolean): http.Agent {
    const key = `${url.protocol}//${url.host}|${insecureTls && url.protocol === 'https:' ? 'insecure' : 'verified'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' as const };
      agent = url.protocol === 'https:' ? new https.Agent({ ...options, rejectUnauthorized: !insecureTls }) : new http.Agent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every pooled connection (the SCIM listener is closing). */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
