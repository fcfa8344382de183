// kafkajs 2.2.4 (its last release) re-arms a timer on every broker connection once a millisecond
// for as long as the connection lives, once it has had one answer: RequestQueue's
// scheduleCheckPendingRequests computes a negative delay when nothing is throttled and schedules
// itself anyway (tulios/kafkajs issues 1556 and 1704; the fixes, PRs 1667 and 1768, were never
// released). A service holds several connections (fetch, group coordinator, producer, admin), so
// an idle process spent 4-6% of a core here, and the whole stack 0.36 of a core doing nothing
// (docs/performance.md). This puts back the intended rule: look again only while requests wait.
// @ts-expect-error kafkajs ships no types for its internals
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";

/** The interval kafkajs uses while requests are queued behind the in-flight limit. */
const CHECK_PENDING_MS = 10;

type Queue = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
};

const proto = (RequestQueue as { prototype: Queue & { scheduleCheckPendingRequests(): void } }).prototype;
if (typeof proto.scheduleCheckPendingRequests !== "function" || typeof proto.checkPendingRequests !== "function")
  throw new Error("kafkajs changed its RequestQueue: review services/kit/kafka/kafkajs-idle-fix.ts");

proto.scheduleCheckPendingRequests = function (this: Queue) {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttled > 0 ? throttled : CHECK_PENDING_MS,
  );
};
