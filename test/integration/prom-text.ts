// The Prometheus text format as the integration tests read a /metrics answer.
export type Series = { name: string; labels: Record<string, string>; value: number };

/** Parses the Prometheus text format (what prom-client writes: no timestamps, no escaped quotes in our labels). */
export function parseMetrics(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The series of `name` whose labels include `labels`. */
export const find = (series: Series[], name: string, labels: Record<string, string> = {}) =>
  series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** Sum of the series of `name` whose labels include `labels` (0 when none). */
export const total = (series: Series[], name: string, labels: Record<string, string> = {}) =>
  find(series, name, labels).reduce((n, s) => n + s.value, 0);
