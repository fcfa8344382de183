// Who may call the operator API (saga.md, "Additions"): with an ADMIN_TOKEN configured, a
// request needs `Authorization: Bearer <token>` (401 without, 403 with a wrong one); without
// one, only loopback callers in the local embedded mode, and the API is off for everyone else.
import { timingSafeEqual } from "node:crypto";

export type AdminVerdict = { ok: true } | { ok: false; status: 401 | 403; error: string; message: string };

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkAdmin(opts: { token: string | undefined; loopbackAllowed: boolean }, req: { authorization: string | undefined; remoteAddress: string | undefined }): AdminVerdict {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization ?? "")?.[1];
  if (opts.token) {
    if (bearer === undefined) {
      if (opts.loopbackAllowed && isLoopback(req.remoteAddress)) return { ok: true };
      return { ok: false, status: 401, error: "UNAUTHORIZED", message: "the operator API needs Authorization: Bearer <ADMIN_TOKEN>" };
    }
    return sameToken(bearer, opts.token) ? { ok: true } : { ok: false, status: 403, error: "FORBIDDEN", message: "the operator token is not valid" };
  }
  if (opts.loopbackAllowed && isLoopback(req.remoteAddress)) return { ok: true };
  return { ok: false, status: 403, error: "ADMIN_DISABLED", message: "the operator API is off: set ADMIN_TOKEN to use it from here" };
}
