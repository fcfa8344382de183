// Prisma CLI configuration. The wasm ("js") schema engine with the pg driver adapter means the
// CLI needs no native engine download. There is one schema per service; scripts/prisma.ts picks
// it through PRISMA_SCHEMA. Migrations are applied by services/kit/db/migrate.ts, not the CLI.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: process.env.PRISMA_SCHEMA ?? "prisma/order/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres" }),
});
