// The observability side of docker-compose.yml, checked against the code (no Docker engine runs
// here): Jaeger receives the services' traces, Prometheus scrapes every /metrics, Grafana is
// provisioned with the SagaScope dashboard, and every metric the dashboard queries is one the
// processes' registries export.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Kafka } from "kafkajs";
import { parse } from "yaml";
import { SERVICES } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { createWebMetrics } from "../../server/metrics";
import { serviceConfigSchema } from "../../services/kit/config";
import { createLogger } from "../../services/kit/log";
import {
  createMetricsRegistry,
  exposedNames,
  registerServiceMetrics,
  type MetricsRegistry,
} from "../../services/kit/metrics";
import { sagaMetrics } from "../../services/observer/built-in/infra/hop-metrics";
import { registerObserverMetrics } from "../../services/observer/infra/observer-metrics";
import { sagaStartMetrics } from "../../services/order/infra/saga-starts";

type ComposeService = {
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  image?: string;
  volumes?: string[];
};
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, ComposeService> };
const svc = compose.services;

/** Where a compose service mounts a repository path: container path by host path (./x). */
const mounts = (name: string) =>
  new Map(
    (svc[name].volumes ?? [])
      .map((v) => v.split(":"))
      .map(([host, container]) => [host.replace(/^\.\//, ""), container]),
  );

// The registries as the processes build them: runtime.ts registers the service metrics, the order
// service's main.ts adds the sagas started, the observer's the saga's hops and endings,
// server/metrics.ts builds the web's.
function registries(): MetricsRegistry[] {
  const log = createLogger("test", "error");
  const services = SERVICES.map((s) => {
    const r = createMetricsRegistry(s);
    registerServiceMetrics(r, {
      outbox: async () => ({ depth: 0, oldestAgeSeconds: 0 }),
      faults: () => ({ failNext: 0, failRate: 0, delayMs: 0, paused: false, injected: 0, active: false }),
      lag: async () => [],
      log,
    });
    if (s === "order") sagaStartMetrics(r);
    return r;
  });
  const kafka = new Kafka({ brokers: ["127.0.0.1:9"] });
  const web = createWebMetrics({ kafka, config: webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9" }), log });
  const observer = createMetricsRegistry("observer");
  const counts = async () => new Map<string, number>();
  sagaMetrics(observer);
  registerObserverMetrics(observer, {
    kafka,
    sagas: () => [],
    store: { statusCounts: counts },
    now: () => new Date(),
    groupId: (s) => s,
    presentTopics: () => [],
    log,
  });
  return [...services, web.registry, observer];
}

const PROMQL_WORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "offset",
  "bool",
  "inf",
  "nan",
]);

/** The metric names a PromQL expression reads (not its functions, keywords, labels or ranges). */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...bare.matchAll(/(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter(
      (m) =>
        !PROMQL_WORDS.has(m[0].toLowerCase()) &&
        !bare
          .slice(m.index + m[0].length)
          .trimStart()
          .startsWith("("),
    )
    .map((m) => m[0]);
}

type Panel = {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
  panels?: Panel[];
};

describe("Jaeger in docker-compose.yml", () => {
  it("takes OTLP/HTTP and every service and the web send their traces there", () => {
    assert.match(svc.jaeger?.image ?? "", /^jaegertracing\/all-in-one:/);
    assert.equal(svc.jaeger.environment?.COLLECTOR_OTLP_ENABLED, "true");
    for (const s of [...SERVICES, "web"])
      assert.equal(svc[s].environment?.OTEL_EXPORTER_OTLP_ENDPOINT, "http://jaeger:4318", s);
    const env = Object.fromEntries(
      Object.entries(svc.stock.environment ?? {}).map(([k, v]) => [k.replace(/^STOCK_/, ""), String(v)]),
    );
    assert.equal(serviceConfigSchema("stock").parse(env).tracing?.tracesUrl, "http://jaeger:4318/v1/traces");
  });
});

describe("Prometheus in docker-compose.yml", () => {
  const path = "deploy/prometheus/prometheus.yml";
  const config = parse(readFileSync(path, "utf8")) as {
    scrape_configs: {
      job_name: string;
      metrics_path?: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    }[];
  };

  it("loads deploy/prometheus/prometheus.yml", () => {
    assert.match(svc.prometheus?.image ?? "", /^prom\/prometheus:/);
    const target = mounts("prometheus").get(path);
    assert.ok(target, `prometheus mounts ${path}`);
    assert.ok(svc.prometheus.command?.includes(`--config.file=${target}`));
  });

  it("scrapes /metrics of every replica of every service and of the observer on its compose port, and of the web", () => {
    for (const s of [...SERVICES, "observer"]) {
      const job = config.scrape_configs.find((j) => j.job_name === s);
      assert.ok(job, `a job for ${s}`);
      assert.equal(job.metrics_path ?? "/metrics", "/metrics");
      assert.deepEqual(job.dns_sd_configs, [
        {
          names: [s],
          type: "A",
          port: Number(svc[s].environment?.[`${s.toUpperCase()}_PORT`]),
          refresh_interval: "15s",
        },
      ]);
    }
    const web = config.scrape_configs.find((j) => j.job_name === "web");
    assert.deepEqual(web?.static_configs, [{ targets: [`web:${svc.web.environment?.PORT}`] }]);
    assert.equal(config.scrape_configs.length, SERVICES.length + 2);
  });
});

describe("Grafana in docker-compose.yml", () => {
  const provisioning = "deploy/grafana/provisioning";
  const dashboards = "deploy/grafana/dashboards";
  const yamlIn = (dir: string) =>
    readdirSync(join(provisioning, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => parse(readFileSync(join(provisioning, dir, f), "utf8")));
  const datasources = yamlIn("datasources").flatMap(
    (d: { datasources: { uid: string; type: string; url: string }[] }) => d.datasources,
  );
  const providers = yamlIn("dashboards").flatMap(
    (d: { providers: { type: string; options: { path: string } }[] }) => d.providers,
  );
  const files = readdirSync(dashboards).filter((f) => f.endsWith(".json"));
  const boards = files.map(
    (f) => JSON.parse(readFileSync(join(dashboards, f), "utf8")) as { uid: string; title: string; panels: Panel[] },
  );
  const panels = boards.flatMap((b) => b.panels.flatMap((p) => [p, ...(p.panels ?? [])]));
  const exprs = panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);

  it("is provisioned with Prometheus and Jaeger and loads the repository's dashboards", () => {
    assert.match(svc.grafana?.image ?? "", /^grafana\/grafana:/);
    assert.equal(mounts("grafana").get(provisioning), "/etc/grafana/provisioning");
    assert.deepEqual(
      providers.map((p) => [p.type, p.options.path]),
      [["file", mounts("grafana").get(dashboards)]],
    );
    assert.deepEqual(
      datasources.map((d) => [d.type, d.url]),
      [
        ["prometheus", "http://prometheus:9090"],
        ["jaeger", "http://jaeger:16686"],
      ],
    );
    assert.deepEqual(
      boards.map((b) => b.uid),
      ["sagascope"],
    );
    assert.equal(
      svc.grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH,
      `${mounts("grafana").get(dashboards)}/${files[0]}`,
    );
  });

  it("queries the provisioned Prometheus in every panel", () => {
    const prometheus = datasources.find((d) => d.type === "prometheus")!.uid;
    const queried = panels.filter((p) => p.type !== "row");
    assert.ok(queried.length >= 12);
    for (const p of queried) {
      assert.equal(p.datasource?.uid, prometheus, p.title);
      assert.ok(p.targets?.length, `${p.title} has queries`);
      for (const t of p.targets!) assert.equal(t.datasource?.uid, prometheus, p.title);
    }
  });

  it("shows only metrics that the processes export, and every SagaScope metric they export", () => {
    const exported = new Set(registries().flatMap((r) => [...exposedNames(r)]));
    const used = new Set<string>();
    for (const expr of exprs) {
      const names = promqlMetricNames(expr);
      assert.ok(names.length > 0, `no metric found in ${expr}`);
      for (const n of names) {
        assert.ok(exported.has(n), `the dashboard queries ${n}, which no registry exports (${expr})`);
        used.add(n.replace(/_(bucket|sum|count)$/, ""));
        used.add(n);
      }
    }
    const ours = registries()
      .flatMap((r) => r.getMetricsAsArray().map((m) => m.name))
      .filter((n) => n.startsWith("sagascope_"));
    for (const n of new Set(ours)) assert.ok(used.has(n), `the dashboard shows nothing of ${n}`);
  });

  it("finds metric names in PromQL the way Prometheus reads it", () => {
    assert.deepEqual(
      promqlMetricNames(
        'histogram_quantile(0.99, sum by (le, topic) (rate(a_seconds_bucket{topic="x(y)"}[$__rate_interval])))',
      ),
      ["a_seconds_bucket"],
    );
    assert.deepEqual(promqlMetricNames("sum(rate(a_total[5m])) / on (service) group_left sum(b) > 0 and c offset 5m"), [
      "a_total",
      "b",
      "c",
    ]);
  });
});

describe("the repository paths docker-compose.yml mounts", () => {
  it("exist", () => {
    for (const [name] of Object.entries(svc))
      for (const host of mounts(name).keys())
        if (!/^[a-z]+$/.test(host)) assert.ok(existsSync(host), `${name} mounts ${host}`);
  });
});
