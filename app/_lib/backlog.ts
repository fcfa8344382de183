// What the saga page says of a backlog (GET /api/sagas/:name `backlog`): nothing once caught up.
import type { SagaDetail } from "../../contracts/sagas";

const n = (x: number) => Math.round(x).toLocaleString("en-US");

export function timeLeft(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** One line while records wait to be read; null when none wait or it is not known yet. */
export function backlogLine(b: SagaDetail["backlog"]): string | null {
  if (!b || b.remaining === null || b.remaining === 0) return null;
  const rate = b.readPerSecond > 0 ? ` at ${n(b.readPerSecond)} records/s` : "";
  const eta = b.etaSeconds === null ? "not reading at the moment" : `about ${timeLeft(b.etaSeconds)} left`;
  return `Catching up: ${n(b.remaining)} records still to read${rate}, ${eta}.`;
}
