// Serves, on loopback, what the processes of a test run need from the embedded infrastructure
// (scripts/with-infra.ts starts it; the fault suite calls it):
//   POST /brokers/:id/stop      SIGKILL a Kafka node and keep it down
//   POST /brokers/:id/start     start it again on its data (resolves once it serves)
//   POST /brokers/:id/kill      SIGKILL it and let the supervisor restart it
//   POST /postgres/restart      restart the embedded PostgreSQL
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmbeddedKafka } from "./broker";

export function serveInfraControl(
  kafka: EmbeddedKafka | null,
  postgres?: { restart(): void },
): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    const done = (p: Promise<unknown>) =>
      p.then(
        () => res.writeHead(204).end(),
        (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(err.message),
      );
    const op = /^\/brokers\/(\d+)\/(stop|start|kill)$/.exec(req.url ?? "");
    if (req.method !== "POST") return void res.writeHead(405).end();
    if (op) {
      const node = kafka?.nodes.find((n) => n.id === Number(op[1]));
      if (!node) return void res.writeHead(404).end("no such embedded Kafka node");
      if (op[2] === "stop") return void done(node.stop("SIGKILL"));
      if (op[2] === "start") return void done(node.start());
      return void done(Promise.resolve(node.signal("SIGKILL")));
    }
    if (req.url === "/postgres/restart" && postgres) return void done(Promise.resolve().then(() => postgres.restart()));
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}
