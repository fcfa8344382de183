// The Host names docker-compose.yml's processes are reached by (no Docker engine runs here):
// Prometheus's scrapes (by compose name for the web, by container address for the services' and
// the observer's DNS discovery) and the web's calls to each service and to the observer must
// pass each target's browser guard as its compose environment configures it, and a rebound name
// must not.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { SERVICES } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { serviceConfigSchema } from "../../services/kit/config";
import { browserPolicy, checkBrowserRequest, type BrowserPolicy } from "../../services/kit/http/browser-guard";
import { observerConfigSchema } from "../../services/observer/config";

type Env = Record<string, string | number>;
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as {
  services: Record<string, { environment?: Env }>;
};
type Job = {
  job_name: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; port: number }[];
};
const prometheus = parse(readFileSync("deploy/prometheus/prometheus.yml", "utf8")) as { scrape_configs: Job[] };
const strings = (env: Env = {}) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));

/** The browser policy a compose service's process builds from its environment. */
function policyOf(name: string): BrowserPolicy {
  const env = strings(compose.services[name].environment);
  if (name === "web") return browserPolicy(webConfigSchema.parse(env).browser, Number(env.PORT));
  if (name === "observer") {
    const config = observerConfigSchema.parse(env);
    return browserPolicy(config.browser, config.http.port);
  }
  const upper = name.toUpperCase();
  const config = serviceConfigSchema(name as (typeof SERVICES)[number]).parse({
    ...env,
    DATABASE_URL: env[`${upper}_DATABASE_URL`],
    PORT: env[`${upper}_PORT`],
  });
  return browserPolicy(config.browser, config.http.port);
}
const answers = (name: string, host: string) =>
  checkBrowserRequest({ method: "GET", host, origin: undefined, secFetchSite: undefined }, policyOf(name)) === null;
// Addresses Docker hands out to compose networks (its default pools, and a user-defined range).
const CONTAINER_ADDRESSES = ["172.18.0.5", "172.29.3.7", "192.168.16.4", "10.0.9.2"];

describe("allowed hosts in docker-compose.yml", () => {
  it("lets Prometheus scrape every job, by name or by each address its DNS discovery finds", () => {
    assert.equal(prometheus.scrape_configs.length, SERVICES.length + 2);
    assert.deepEqual(
      prometheus.scrape_configs.find((j) => j.job_name === "observer")?.dns_sd_configs?.map((sd) => sd.names),
      [["observer"]],
      "each observer replica is scraped",
    );
    for (const job of prometheus.scrape_configs) {
      for (const target of job.static_configs?.flatMap((c) => c.targets) ?? [])
        assert.ok(answers(job.job_name, target), `${job.job_name} answers ${target}`);
      for (const sd of job.dns_sd_configs ?? []) {
        for (const name of sd.names)
          assert.ok(answers(job.job_name, `${name}:${sd.port}`), `${job.job_name} answers ${name}`);
        for (const ip of CONTAINER_ADDRESSES)
          assert.ok(answers(job.job_name, `${ip}:${sd.port}`), `${job.job_name} answers ${ip}`);
      }
    }
  });

  it("lets the web reach each service and the observer by the URL it is given, and a browser reach the web on the published port", () => {
    const web = strings(compose.services.web.environment);
    for (const s of [...SERVICES, "observer"]) assert.ok(answers(s, new URL(web[`${s.toUpperCase()}_URL`]).host), s);
    assert.ok(answers("web", "localhost:3000"));
    assert.ok(answers("web", "127.0.0.1:3000"));
  });

  it("still refuses a rebound name, and one service's name on another", () => {
    for (const name of ["web", "observer", ...SERVICES])
      assert.equal(answers(name, "rebind.attacker.example:3000"), false, name);
    assert.equal(answers("stock", "order:4101"), false);
    assert.equal(answers("observer", "order:4105"), false);
    assert.equal(answers("web", "8.8.8.8:3000"), false, "the web has no subnet: Prometheus scrapes it by name");
  });
});
