// Faults an operator injects into one service process at run time (PUT /api/admin/faults/:service):
// fail the next N handler calls, fail a share of them, add latency, pause consumption. Off by
// default. An injected failure is an INJECTED_FAULT SagaError, which the error table treats as an
// unexpected handler error: retried, then dead-lettered.
import type { FaultSettings, FaultState } from "../../../contracts/admin";
import { SagaError } from "../errors";

export type Faults = {
  state(): FaultState;
  /** Replaces the settings given; the others stay as they are. */
  set(settings: FaultSettings): FaultState;
  clear(): FaultState;
  /** Called before each handler call: waits the injected latency, then fails if a fault says so. */
  beforeHandle(): Promise<void>;
  paused(): boolean;
  /** Called with the new value whenever `paused` changes. */
  onPausedChange(listener: (paused: boolean) => void): void;
};

const CLEAN = { failNext: 0, failRate: 0, delayMs: 0, paused: false };

export function createFaults(opts: { random?: () => number; sleep?: (ms: number) => Promise<void> } = {}): Faults {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let settings = { ...CLEAN };
  let injected = 0;
  const listeners: ((paused: boolean) => void)[] = [];

  const state = (): FaultState => ({
    ...settings,
    injected,
    active: settings.failNext > 0 || settings.failRate > 0 || settings.delayMs > 0 || settings.paused,
  });
  const apply = (next: typeof settings): FaultState => {
    const pausedChanged = next.paused !== settings.paused;
    settings = next;
    if (pausedChanged) for (const l of listeners) l(next.paused);
    return state();
  };

  return {
    state,
    set: (s) => apply({ ...settings, ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) }),
    clear: () => apply({ ...CLEAN }),
    paused: () => settings.paused,
    onPausedChange: (l) => void listeners.push(l),
    async beforeHandle() {
      if (settings.delayMs > 0) await sleep(settings.delayMs);
      let why: string | null = null;
      if (settings.failNext > 0) {
        settings = { ...settings, failNext: settings.failNext - 1 };
        why = `injected failure (${settings.failNext} more to fail)`;
      } else if (settings.failRate > 0 && random() < settings.failRate) {
        why = `injected failure (rate ${settings.failRate})`;
      }
      if (why) {
        injected++;
        throw new SagaError("INJECTED_FAULT", why);
      }
    },
  };
}
