// npm run example:kafka-streams [-- --count 100 --rate 20 --prefix P]: builds the Java example if
// needed and runs it against KAFKA_BROKERS (default: the run command's embedded broker,
// 127.0.0.1:19092). The other flags are the jar's (README.md beside this file).
import { spawnSync } from "node:child_process";
import { buildExample, EXAMPLE_JAR } from "./run";

buildExample();
const brokers = process.env.KAFKA_BROKERS ?? "127.0.0.1:19092";
const r = spawnSync("java", ["-jar", EXAMPLE_JAR, "--brokers", brokers, ...process.argv.slice(2)], {
  stdio: "inherit",
});
if (r.status === 0 && !process.argv.includes("--help"))
  console.log("[kafka-streams-saga] see http://127.0.0.1:3000/sagas/kafka-streams-orders");
process.exit(r.status ?? 1);
