// ELK in a web worker: loaded in a worker, the bundled elkjs answers ELK's worker protocol
// itself ({ id, cmd: "layout", graph } in, { id, data } or { id, error } out).
import "elkjs/lib/elk.bundled.js";
