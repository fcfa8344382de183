// Who may call the operator API (saga.md, "Additions"): with an ADMIN_TOKEN configured, a
// request needs `Authorization: Bearer <token>` (401 without, 403 with a wrong one); without
// one, only loopback callers in the local embedded mode, and the API is off for everyone else.
import { timingSafeEqual } from "node:crypto";
import { SagaError } from "../errors";

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

/** Null when the caller may go on; otherwise the error to answer with. */
export function checkAdmin(
  opts: { token: string | undefined; loopbackAllowed: boolean },
  req: { authorization: string | undefined; remoteAddress: string | undefined },
): SagaError | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization ?? "")?.[1];
  if (opts.token) {
    if (bearer === undefined) {
      if (opts.loopbackAllowed && isLoopback(req.remoteAddress)) return null;
      return new SagaError("UNAUTHORIZED", "the operator API needs Authorization: Bearer <ADMIN_TOKEN>");
    }
    return sameToken(bearer, opts.token) ? null : new SagaError("FORBIDDEN", "the operator token is not valid");
  }
  if (opts.loopbackAllowed && isLoopback(req.remoteAddress)) return null;
  return new SagaError("ADMIN_DISABLED", "the operator API is off: set ADMIN_TOKEN to use it from here");
}
