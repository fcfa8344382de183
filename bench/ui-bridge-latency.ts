// Bridge-only latency, no browser: posts RATE orders/s for DURATION_S s and measures, per
// record, broker timestamp -> arrival of its feed:batch at a Socket.IO client in this process.
// Separates the bridge's share from the page's share measured by bench/ui-latency.ts.
// Usage: npx tsx bench/ui-bridge-latency.ts   (env: E2E_BASE_URL, RATE=20, DURATION_S=20)
import { io, type Socket } from "socket.io-client";
import type { ProductView, UserView } from "../contracts/api";
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../contracts/socket";
import { percentile } from "../shared/sagaStats";

const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
const rate = Number(process.env.RATE ?? 20);
const durationS = Number(process.env.DURATION_S ?? 20);

async function main() {
  const products = (await (await fetch(`${base}/api/products`)).json()) as ProductView[];
  const users = (await (await fetch(`${base}/api/users`)).json()) as UserView[];
  const rich = [...users].sort((a, b) => b.balance - a.balance)[0];
  const product = [...products].sort((a, b) => b.stock - a.stock)[0];
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    path: SOCKET_PATH,
    transports: ["websocket"],
  });
  const delays: number[] = [];
  const batchSizes: number[] = [];
  await new Promise<void>((resolve) =>
    socket.on("connect", () => socket.emit("feed:subscribe", "events", () => resolve())),
  );
  socket.on("feed:batch", (b) => {
    const now = Date.now();
    if (b.events.length) batchSizes.push(b.events.length);
    for (const e of b.events) delays.push(now - Date.parse(e.brokerTimestamp));
  });
  const t0 = Date.now();
  let sent = 0;
  while (Date.now() - t0 < durationS * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate);
    for (; sent < due; sent++) {
      void fetch(`${base}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: rich.id, items: [{ productId: product.id, quantity: 1 }] }),
      }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 5000));
  socket.close();
  const f = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);
  console.log(
    `${sent} orders at ${rate}/s; ${delays.length} records in ${batchSizes.length} batches (median ${percentile(batchSizes, 50)} per batch)`,
  );
  console.log(
    `broker timestamp -> socket client: p50 ${f(percentile(delays, 50))}, p95 ${f(percentile(delays, 95))}, p99 ${f(percentile(delays, 99))}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
