// The web origin's /api gateway (server/gateway/routes.ts) in front of a test's services, on a
// free port; any other path answers 404 with no body, as Next would be asked instead.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICES } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { handleApi } from "../../server/gateway/routes";
import type { SagaEnv } from "./harness";

export type TestGateway = { base: string; port: number; server: Server; close(): void };

export async function startGateway(env: SagaEnv): Promise<TestGateway> {
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_URL`, env.url(s, "")])),
  });
  const server = createServer((req, res) => void handleApi(config, req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, server, close: () => server.close() };
}
