// Drives the time-out use case on a timer: every sweep cancels up to `limit` stuck sagas and
// sweeps again at once while it finds some. Safe with several order instances (SKIP LOCKED).
import type { HandlerDeps } from "../../kit/application/inbox";
import { toSagaError } from "../../kit/errors";
import type { Logger } from "../../kit/log";
import type { BackgroundTask } from "../../kit/runtime";
import type { OrderTx } from "../application/ports";
import { timeOutStuckSagas } from "../application/time-out-sagas";

export function startTimeoutSweeper(
  deps: HandlerDeps<OrderTx>,
  opts: { timeoutMs: number; everyMs: number; log: Logger },
): BackgroundTask {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweep = async () => {
    try {
      let n: number;
      do {
        n = await timeOutStuckSagas(deps, { timeoutMs: opts.timeoutMs, limit: 200 });
        if (n > 0) opts.log.info("stuck sagas timed out", { cancelled: n, timeoutMs: opts.timeoutMs });
      } while (n > 0 && !stopped);
    } catch (err) {
      opts.log.warn("time-out sweep failed; will try again", { err: toSagaError(err) });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().finally(schedule);
    }, opts.everyMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
