// The DNS-rebinding guard of `serve`: the Host header, and a browser's Origin, must name this
// server. A page on a name the attacker owns, pointed at this machine, is refused.

import { refuse } from "./reply.ts";

/** What the server listens on, as the checks need it. */
export interface Bound {
  /** As URL parsing writes a host name: lower case, IPv6 in brackets. */
  name: string;
  port: number;
  /** 0.0.0.0 or ::, every interface. */
  wildcard: boolean;
}

/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A host name or address literal, and a port: the only form a Host header may take here. */
const AUTHORITY = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/** Whether a Host header has the form of one: a name or address, and a port in range. */
function wellFormed(authority: string): boolean {
  if (!AUTHORITY.test(authority)) return false;
  try {
    new URL(`http://${authority}`);
    return true;
  } catch {
    return false;
  }
}

export function boundOf(hostname: string, address: string, port: number): Bound {
  return {
    name: new URL(`http://${address}`).hostname,
    port,
    wildcard: hostname === "0.0.0.0" || hostname === "::",
  };
}

/**
 * Whether a Host header (or an Origin's host) names this server: the bound address or a
 * loopback name, with the bound port. DNS rebinding points a name the attacker owns at this
 * machine; an address literal cannot be rebound, so on a wildcard bind any address is allowed.
 */
export function authorityAllowed(
  authority: string | null,
  defaultPort: number,
  bound: Bound,
): boolean {
  if (authority === null || !wellFormed(authority)) return false;
  const url = new URL(`http://${authority}`);
  // Read from the header itself: new URL drops a default port such as ":80".
  const written = /:(\d{1,5})$/.exec(authority);
  if ((written ? Number(written[1]) : defaultPort) !== bound.port) return false;
  const name = url.hostname;
  if (LOOPBACK_NAMES.has(name) || name === bound.name) return true;
  return bound.wildcard && (name.startsWith("[") || /^[\d.]+$/.test(name));
}

/** No Origin: not a browser. An Origin: the page must come from this server itself. */
export function originAllowed(origin: string | null, bound: Bound): boolean {
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const defaultPort = url.protocol === "https:" ? 443 : 80;
  const host = url.port === "" ? `${url.hostname}:${defaultPort}` : url.host;
  return authorityAllowed(host, defaultPort, bound);
}

export type Refusal = { response: Response; why: string };

/**
 * The request's path when Host and Origin name this server; otherwise the refusal: 400 for a
 * Host that is no host name at all (nothing can be served to it), 403 for one naming another
 * server or a foreign page. Checked before anything reads the URL, which the Host makes up.
 */
export function checkHost(req: Request, bound: Bound): { path: string } | Refusal {
  const host = req.headers.get("host") ?? "";
  if (host !== "" && !wellFormed(host)) {
    return {
      response: refuse(400, "Bad Request: the Host header is not a host name and port"),
      why: "Refused a request whose Host header is not a host name",
    };
  }
  if (!authorityAllowed(host, 80, bound)) {
    return {
      response: refuse(403, "Forbidden: the Host header does not name this server"),
      why: "Refused a request whose Host header names another server",
    };
  }
  if (!originAllowed(req.headers.get("origin"), bound)) {
    return {
      response: refuse(403, "Forbidden: requests from other origins are not served"),
      why: "Refused a request from a web page of another origin",
    };
  }
  try {
    return { path: new URL(req.url).pathname };
  } catch {
    return {
      response: refuse(400, "Bad Request: the request's address cannot be read"),
      why: "Refused a request whose address cannot be read",
    };
  }
}
