// Generates each service's Prisma client from prisma/<service>/schema.prisma (offline: the
// CLI uses its wasm engine, see prisma.config.ts).
import { spawnSync } from "node:child_process";
import { SERVICES } from "../contracts";

for (const service of SERVICES) {
  const r = spawnSync("npx", ["prisma", "generate", "--schema", `prisma/${service}/schema.prisma`], {
    encoding: "utf8",
    env: {
      ...process.env,
      PRISMA_SCHEMA: `prisma/${service}/schema.prisma`,
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`prisma generate failed for ${service}`);
  }
  console.log(`generated Prisma client for ${service}`);
}
