// What a browser may send to a SagaScope port (docs/security.md). Every request must name an
// allowed Host (a DNS name rebound to 127.0.0.1 keeps the attacker's name in Host). A request
// that changes state, or opens the live feed, and carries browser headers must come from an
// allowed origin (a page on any other site can post forms and fetches to loopback). Requests
// without those headers (curl, the services, Prometheus, tests) are not a browser's and pass.
import type { IncomingMessage, Server } from "node:http";
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { SagaError } from "../errors";

export const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"] as const;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const NAME = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/;

/** A Host header's name, lower-case, IPv6 in brackets, without its port; null when malformed. */
export function hostName(host: string | undefined): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec((host ?? "").toLowerCase());
  if (!m) return null;
  const name = m[1];
  return name.startsWith("[") ? (isIP(name.slice(1, -1)) === 6 ? name : null) : NAME.test(name) ? name : null;
}

const subnet = (entry: string) => /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
const hostEntry = z
  .string()
  .transform((s) => s.toLowerCase())
  .refine(
    (s) => hostName(s) === s || (subnet(s) !== null && isIP(subnet(s)![1]) !== 0),
    "a host name, an IP address or a subnet such as 10.0.0.0/8",
  );
const originEntry = z
  .string()
  .refine(
    (s) =>
      URL.canParse(s) &&
      /^https?:$/.test(new URL(s).protocol) &&
      new URL(s).origin === s.toLowerCase().replace(/\/$/, ""),
    "an origin such as https://sagascope.example:8443",
  )
  .transform((s) => new URL(s).origin);
const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** ALLOWED_ORIGINS and ALLOWED_HOSTS: what a deployment adds to the loopback defaults. */
export const browserPolicyShape = { ALLOWED_ORIGINS: commaList(originEntry), ALLOWED_HOSTS: commaList(hostEntry) };
export type BrowserSettings = { origins: string[]; hosts: string[] };
export const toBrowserSettings = (e: { ALLOWED_ORIGINS: string[]; ALLOWED_HOSTS: string[] }): BrowserSettings => ({
  origins: e.ALLOWED_ORIGINS,
  hosts: e.ALLOWED_HOSTS,
});

export type BrowserPolicy = { origins: ReadonlySet<string>; names: ReadonlySet<string>; subnets: BlockList };

/** The app's own loopback origins on `port` and names, plus what the deployment configured. */
export function browserPolicy(settings: BrowserSettings, port: number): BrowserPolicy {
  const subnets = new BlockList();
  const names = new Set<string>(LOOPBACK_HOSTS);
  for (const h of settings.hosts) {
    const s = subnet(h);
    if (s) subnets.addSubnet(s[1], Number(s[2]), isIP(s[1]) === 6 ? "ipv6" : "ipv4");
    else names.add(h);
  }
  const origins = new Set([...LOOPBACK_HOSTS.map((h) => `http://${h}:${port}`), ...settings.origins]);
  return { origins, names, subnets };
}

/** The policy of a server once it listens (its port may have been 0, as in the tests). */
export function policyOf(server: Server, settings: BrowserSettings): () => BrowserPolicy {
  let policy: BrowserPolicy | null = null;
  return () => {
    const address = server.address();
    policy ??= browserPolicy(settings, typeof address === "object" && address ? address.port : 0);
    return policy;
  };
}

/** `handshake`: a live-feed connection, checked like a state-changing request though it is a GET. */
export type BrowserRequest = {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  handshake?: boolean;
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
export function browserRequest(req: IncomingMessage, handshake = false): BrowserRequest {
  const h = req.headers;
  return {
    method: req.method ?? "GET",
    host: h.host,
    origin: first(h.origin),
    secFetchSite: first(h["sec-fetch-site"]),
    handshake,
  };
}

function hostAllowed(name: string, policy: BrowserPolicy): boolean {
  if (policy.names.has(name)) return true;
  const ip = name.startsWith("[") ? name.slice(1, -1) : name;
  const family = isIP(ip);
  return family !== 0 && policy.subnets.check(ip, family === 6 ? "ipv6" : "ipv4");
}

/** Null when the request may go on; otherwise the error to answer with. */
export function checkBrowserRequest(req: BrowserRequest, policy: BrowserPolicy): SagaError | null {
  const name = hostName(req.host);
  if (name === null || !hostAllowed(name, policy))
    return new SagaError("HOST_NOT_ALLOWED", "this server does not answer to that Host; see docs/security.md");
  if (!req.handshake && SAFE_METHODS.has(req.method.toUpperCase())) return null;
  // An origin the deployment listed is trusted even though Sec-Fetch-Site then says cross-site.
  if (req.origin !== undefined) return policy.origins.has(req.origin.toLowerCase()) ? null : crossOrigin();
  if (req.secFetchSite !== undefined && req.secFetchSite !== "same-origin" && req.secFetchSite !== "none")
    return crossOrigin();
  return null;
}

const crossOrigin = () =>
  new SagaError("CROSS_ORIGIN", "requests from another site's pages are refused; see docs/security.md");
