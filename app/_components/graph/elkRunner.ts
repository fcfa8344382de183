// Runs ELK off the main thread, in a web worker (elk.worker.ts), one worker for the whole tab.
// Where the worker cannot start, fails or does not answer within ANSWER_MS, the same bundled ELK
// runs on the main thread instead, loaded only then. Browser only: the pages call it from effects, never while rendering on the
// server.
import type { ElkNode } from "elkjs/lib/elk-api";

type Pending = { resolve: (g: ElkNode) => void; reject: (e: Error) => void };

/** A map of 20 steps takes well under a second; a worker silent this long is taken as broken. */
const ANSWER_MS = 10_000;

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(reason: string): void {
  worker?.terminate();
  worker = null;
  for (const p of pending.values()) p.reject(new Error(reason));
  pending.clear();
}

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL("./elk.worker.ts", import.meta.url));
  } catch {
    return (worker = null);
  }
  worker.onmessage = (e: MessageEvent<{ id: number; data?: ElkNode; error?: unknown }>) => {
    const p = pending.get(e.data.id);
    pending.delete(e.data.id);
    if (e.data.error !== undefined) p?.reject(new Error(String(e.data.error)));
    else p?.resolve(e.data.data!);
  };
  worker.onerror = (e) => failAll(`the layout worker failed: ${e.message}`);
  return worker;
}

async function onMainThread(graph: ElkNode): Promise<ElkNode> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  return new ELK().layout(graph);
}

export async function runElk(graph: ElkNode): Promise<ElkNode> {
  const w = typeof Worker === "undefined" ? null : startWorker();
  if (!w) return onMainThread(graph);
  const id = nextId++;
  try {
    return await new Promise<ElkNode>((resolve, reject) => {
      const timer = setTimeout(() => failAll(`the layout worker did not answer in ${ANSWER_MS} ms`), ANSWER_MS);
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T) => (clearTimeout(timer), f(v));
      pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      w.postMessage({ id, graph });
    });
  } catch (err) {
    // A graph ELK refuses is refused on the main thread too; a worker that died is not.
    if (worker === null) return onMainThread(graph);
    throw err;
  }
}
