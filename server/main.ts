// The web process: Next.js pages, the public /api gateway and (issue 3) the Socket.IO bridge,
// all on one origin. The only place in server/ that builds real clients from configuration.
import { createServer } from "node:http";
import next from "next";
import { createKafka } from "../services/kit/kafka/client";
import { policyOf } from "../services/kit/http/browser-guard";
import { createLogger } from "../services/kit/log";
import { startBridge, type Bridge } from "./bridge";
import { loadWebConfig } from "./config";
import { createWebMetrics } from "./metrics";
import { webHandler } from "./web-handler";

async function main(): Promise<void> {
  const config = loadWebConfig(process.env);
  const log = createLogger("web");
  const app = next({ dev: config.nextDev, dir: process.cwd(), hostname: config.http.host, port: config.http.port });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const kafka = createKafka(config.kafka, `web-bridge-${process.pid}`);
  const metrics = createWebMetrics({ kafka, config, log });
  let bridge: Bridge | null = null;
  const server = createServer();
  const web = { liveFeed: () => bridge?.liveFeed() ?? "connecting" };
  server.on(
    "request",
    webHandler({ config, policy: policyOf(server, config.browser), metrics, web, pages: handleNext }),
  );

  // Longer than the idle time of clients' keep-alive pools (browsers, proxies, test runners), so
  // the server never closes a connection at the moment a client reuses it (an ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  log.info("web server listening", {
    url: `http://${config.http.host}:${config.http.port}`,
    brokers: config.kafka.brokers,
  });
  bridge = await startBridge({ httpServer: server, kafka, config, log });

  const shutdown = async () => {
    await Promise.all([bridge?.stop(), metrics.close()]);
    server.close();
    await app.close?.();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
