// A small OTLP/HTTP trace receiver for the tests: a node:http server that keeps the JSON bodies
// posted to /v1/traces and flattens them into spans (what a collector would receive).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedSpan = {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  attributes: Record<string, string>;
  status: { code?: number; message?: string };
};

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
};
type TracesBody = {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
};

export type OtlpReceiver = {
  /** What to set OTEL_EXPORTER_OTLP_ENDPOINT to. */
  endpoint: string;
  /** Requests received on any path, /v1/traces or not. */
  requests(): number;
  spans(): ReceivedSpan[];
  close(): Promise<void>;
};

const text = (v: AnyValue | undefined) => String(v?.stringValue ?? v?.intValue ?? v?.boolValue ?? v?.doubleValue ?? "");
const attrs = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, text(kv.value)]));

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: TracesBody[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces")
        bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as TracesBody);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    spans: () =>
      bodies.flatMap((b) =>
        (b.resourceSpans ?? []).flatMap((rs) => {
          const service = attrs(rs.resource?.attributes)["service.name"] ?? "";
          return (rs.scopeSpans ?? []).flatMap((ss) =>
            (ss.spans ?? []).map((s) => ({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || null,
              name: s.name,
              kind: s.kind,
              attributes: attrs(s.attributes),
              status: s.status ?? {},
            })),
          );
        }),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
