// The web origin's request pipeline (server/web-handler.ts: browser guard, request target,
// /api gateway) in front of a test's services (and its observer, when it has one), on a free port; any other path answers 404 with
// no body, as Next would be asked instead. `env` adds to or overrides the web configuration.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICES } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { webHandler } from "../../server/web-handler";
import { policyOf } from "../../services/kit/http/browser-guard";
import type { SagaEnv } from "./harness";

export type TestGateway = { base: string; port: number; server: Server; close(): void };

export async function startGateway(
  env: Pick<SagaEnv, "prefix" | "url"> & { observer?: { port: number } },
  extra: Record<string, string> = {},
): Promise<TestGateway> {
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_URL`, env.url(s, "")])),
    ...(env.observer && { OBSERVER_URL: `http://127.0.0.1:${env.observer.port}` }),
    ...extra,
  });
  const server = createServer();
  const metrics = { handle: async () => false };
  server.on(
    "request",
    webHandler({
      config,
      policy: policyOf(server, config.browser),
      metrics,
      pages: (_req, res) => void res.writeHead(404).end(),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, server, close: () => server.close() };
}
