// The web origin's request pipeline (server/web-handler.ts) in the bench's process, in front of
// the observer only, so /api/sagas is timed as a browser asks it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { webConfigSchema, type WebConfig } from "../../server/config";
import { webHandler } from "../../server/web-handler";
import { policyOf } from "../../services/kit/http/browser-guard";

/** An HTTP server answering /api as the web origin does (no pages: 404), not yet listening. */
export function apiServer(config: WebConfig): Server {
  const server = createServer();
  server.on(
    "request",
    webHandler({
      config,
      policy: policyOf(server, config.browser),
      metrics: { handle: async () => false },
      pages: (_req, res) => void res.writeHead(404).end(),
    }),
  );
  return server;
}

export async function startWebGateway(brokers: string, observerUrl: string): Promise<{ base: string; close(): void }> {
  const server = apiServer(webConfigSchema.parse({ KAFKA_BROKERS: brokers, OBSERVER_URL: observerUrl }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
