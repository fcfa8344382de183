// No Docker engine runs here, so this checks docker-compose.yml against the code instead: every
// service is there, every variable the configuration schemas require is set, ports line up, and
// the topics created are exactly the contract's.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { SERVICES } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { serviceConfigSchema } from "../../services/kit/config";
import { observerConfigSchema } from "../../services/observer/config";

type ComposeService = {
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  image?: string;
  build?: string;
};
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as {
  services: Record<string, ComposeService>;
  "x-service": ComposeService;
};
const svc = compose.services;
type Job = { job_name: string; metrics_path?: string; dns_sd_configs?: { names: string[]; port: number }[] };
const prometheus = parse(readFileSync("deploy/prometheus/prometheus.yml", "utf8")) as { scrape_configs: Job[] };

function requiredVars(schema: {
  safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } };
}): string[] {
  const r = schema.safeParse({});
  return r.success ? [] : r.error!.issues.map((i) => String(i.path[0]));
}

describe("docker-compose.yml", () => {
  it("names Kafka, PostgreSQL, the four services, the observer and the web server", () => {
    for (const name of ["kafka", "postgres", "web", "observer", ...SERVICES])
      assert.ok(svc[name], `service ${name} is missing`);
    assert.match(svc.kafka.image ?? "", /kafka/);
    assert.equal(svc.kafka.environment?.KAFKA_PROCESS_ROLES, "broker,controller", "Kafka runs in KRaft mode");
  });

  it("gives each service every variable its configuration requires, and its own database", () => {
    const databases = new Set<string>();
    for (const s of SERVICES) {
      const env = svc[s].environment ?? {};
      const upper = s.toUpperCase();
      for (const v of requiredVars(serviceConfigSchema(s))) {
        const name = v === "DATABASE_URL" || v === "PORT" ? `${upper}_${v}` : v;
        assert.ok(name in env, `${s} lacks ${name}`);
      }
      assert.ok(`${upper}_PORT` in env, `${s} lacks ${upper}_PORT`);
      databases.add(String(env[`${upper}_DATABASE_URL`]));
      assert.deepEqual(svc[s].command?.slice(-1), [`services/${s}/main.ts`]);
    }
    assert.equal(databases.size, SERVICES.length, "no two services share a database");
  });

  it("points the web server at each service's port and publishes port 3000", () => {
    const env = svc.web.environment ?? {};
    for (const v of requiredVars(webConfigSchema)) assert.ok(v in env, `web lacks ${v}`);
    for (const s of SERVICES) {
      const upper = s.toUpperCase();
      assert.equal(env[`${upper}_URL`], `http://${s}:${svc[s].environment?.[`${upper}_PORT`]}`);
    }
    assert.ok(svc.web.ports?.includes("3000:3000"));
  });

  it("runs the saga observer on its own database, answering the web by its compose name, scraped by Prometheus on its port", () => {
    const env = svc.observer?.environment ?? {};
    assert.deepEqual(svc.observer?.command?.slice(-1), ["services/observer/main.ts"]);
    const parsed = observerConfigSchema.parse({
      ...env,
      OBSERVER_DATABASE_URL: String(env.OBSERVER_DATABASE_URL),
      SAGA_DEFINITIONS: "",
    });
    assert.ok(parsed.browser.hosts.includes("observer"), "the observer answers Host: observer");
    assert.equal(svc.web.environment?.OBSERVER_URL, `http://observer:${parsed.http.port}`);
    const db = new URL(parsed.databaseUrl).pathname.slice(1);
    assert.ok(
      !SERVICES.some((s) => String(svc[s].environment?.[`${s.toUpperCase()}_DATABASE_URL`]).endsWith(`/${db}`)),
      "its database is its own",
    );
    assert.match(readFileSync("prisma/compose-init.sql", "utf8"), new RegExp(`CREATE DATABASE ${db};`));
    const job = prometheus.scrape_configs.find((j) => j.job_name === "observer");
    assert.equal(job?.metrics_path ?? "/metrics", "/metrics");
    assert.deepEqual(
      job?.dns_sd_configs?.map((sd) => [sd.names, sd.port]),
      [[["observer"], parsed.http.port]],
      "every replica of the observer is scraped on its port",
    );
  });

  it("creates the contract's topics with the project's provisioner, on the embedded broker's Kafka version", () => {
    assert.deepEqual(svc["kafka-init"].command?.slice(0, 4), ["node", "--import", "tsx", "scripts/topics.ts"]);
    assert.equal(svc["kafka-init"].image, compose["x-service"].image, "kafka-init runs the project's image");
    assert.equal(svc.kafka.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE, "false", "no topic is created by a send");
    const pinned = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
      readFileSync("server/embedded/kafka/pom.xml", "utf8"),
    )?.[1];
    assert.equal(svc.kafka.image, `apache/kafka:${pinned}`);
  });
});
