// The operator routes every service process serves (reached through the web origin's
// /api/admin/, see server/gateway/admin.ts): its injected faults, and a crash on demand.
import { FaultSettings, fieldErrors } from "../../../contracts";
import { SagaError } from "../errors";
import type { Faults } from "../faults/faults";
import type { Route } from "./server";

/** `crash` is null where no supervisor would restart the process (services started in-process). */
export function adminRoutes(opts: { faults: Faults; crash: (() => void) | null }): Route[] {
  return [
    { method: "GET", path: "/admin/faults", handle: async () => ({ status: 200, body: opts.faults.state() }) },
    {
      method: "PUT",
      path: "/admin/faults",
      handle: async (req) => {
        const parsed = FaultSettings.safeParse(await req.json());
        if (!parsed.success)
          throw new SagaError("VALIDATION_FAILED", "the fault settings are not valid", {
            details: fieldErrors(parsed.error),
          });
        return { status: 200, body: opts.faults.set(parsed.data) };
      },
    },
    { method: "DELETE", path: "/admin/faults", handle: async () => ({ status: 200, body: opts.faults.clear() }) },
    {
      method: "POST",
      path: "/admin/crash",
      handle: async () => {
        const crash = opts.crash;
        if (!crash)
          throw new SagaError("CONFLICT", "this service does not run under a supervisor that would restart it");
        // Answer first; the process dies right after, as with SIGKILL (the supervisor restarts it).
        setTimeout(crash, 20);
        return { status: 202, body: { accepted: true, detail: `process ${process.pid} is being killed` } };
      },
    },
  ];
}
