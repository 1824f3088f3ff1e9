// Where `serve` listens, written as Deno's net permission writes it. Apart from the server so
// that main.ts can let the address into the permission fence without loading the server.

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8765;

export interface ListenAddress {
  /** What Deno.serve takes: "localhost" becomes 127.0.0.1, an IPv6 address loses its brackets. */
  hostname: string;
  port: number;
  /** "host:port", IPv6 in brackets: the form of --allow-net and of the permission query. */
  address: string;
}

export function listenAddress(host: string, port: number): ListenAddress {
  const hostname = host === "localhost" ? DEFAULT_HOST : host.replace(/^\[(.*)\]$/, "$1");
  const literal = hostname.includes(":") ? `[${hostname}]` : hostname;
  return { hostname, port, address: `${literal}:${port}` };
}

/** The address `serve` will listen on, from a command line, or null for another command. */
export function serveAddressOf(
  positionals: readonly string[],
  values: { host?: unknown; port?: unknown },
): ListenAddress | null {
  if (positionals[0] !== "serve") return null;
  const host = typeof values.host === "string" ? values.host : DEFAULT_HOST;
  const port = typeof values.port === "string" ? Number(values.port) : DEFAULT_PORT;
  return Number.isInteger(port) ? listenAddress(host, port) : null;
}
