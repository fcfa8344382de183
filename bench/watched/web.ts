// The web process of the watched-feed bench, in a process of its own as in production: the web
// origin's pipeline (the gateway to the observer) and the Socket.IO bridge, which reads the
// observer's feed once. Env: PORT, OBSERVER_URL, KAFKA_BROKERS, TOPIC_PREFIX.
import { startBridge } from "../../server/bridge";
import { webConfigSchema } from "../../server/config";
import { createKafka } from "../../services/kit/kafka/client";
import { apiServer } from "../observer/gateway";
import { createLogger } from "../../services/kit/log";

const config = webConfigSchema.parse(process.env);
const server = apiServer(config);
const port = Number(process.env.PORT ?? 3505);
await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
const bridge = await startBridge({
  httpServer: server,
  kafka: createKafka(config.kafka, "bench-watched-web", { quiet: true }),
  config,
  log: createLogger("bench-web", "warn"),
});
process.on("SIGTERM", () => void bridge.stop().then(() => process.exit(0)));
// The parent waits for this line: the bridge reads the observer's feed.
const ready = setInterval(() => {
  if (!bridge.watchedFeed()) return;
  clearInterval(ready);
  process.stdout.write("ready\n");
}, 100);
