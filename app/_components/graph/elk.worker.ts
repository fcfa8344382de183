// ELK in a web worker: { id, graph } in, { id, data } (the laid-out graph) or { id, error } out.
import ELK from "elkjs/lib/elk.bundled.js";

const elk = new ELK();

self.onmessage = (e: MessageEvent<{ id: number; graph: Parameters<typeof elk.layout>[0] }>) => {
  const { id, graph } = e.data;
  elk.layout(graph).then(
    (data) => self.postMessage({ id, data }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};
