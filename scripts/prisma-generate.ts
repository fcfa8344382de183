// Generates each service's Prisma client from prisma/<service>/schema.prisma (offline: the
// CLI uses its wasm engine, see prisma.config.ts).
import { execFileSync } from "node:child_process";
import { SERVICES } from "../contracts";

for (const service of SERVICES) {
  execFileSync("npx", ["prisma", "generate", "--schema", `prisma/${service}/schema.prisma`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA: `prisma/${service}/schema.prisma`,
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  console.log(`generated Prisma client for ${service}`);
}
