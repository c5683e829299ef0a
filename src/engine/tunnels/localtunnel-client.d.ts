// The localtunnel package ships no types; this declares the one class the provider builds on.
declare module 'localtunnel/lib/Tunnel.js' {
  import { EventEmitter } from 'node:events';

  interface TunnelInfo {
    name: string;
    url: string;
    max_conn: number;
    remote_host: string | null;
    remote_ip?: string;
    remote_port: number;
    local_port: number;
    local_host?: string;
  }

  class Tunnel extends EventEmitter {
    constructor(options: { host?: string; port: number; subdomain?: string; local_host?: string });
    opts: { host: string; port: number; subdomain?: string };
    url?: string;
    closed: boolean;
    _getInfo(body: unknown): TunnelInfo;
    _init(callback: (error: Error | null, info?: TunnelInfo) => void): void;
    open(callback: (error?: Error | null) => void): void;
    close(): void;
  }
  export default Tunnel;
}
