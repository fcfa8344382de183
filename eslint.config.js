// Lint rules that hold the architecture in place: pure domains, configuration read only at the
// edges, and typescript-eslint's recommended checks everywhere else.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

// app/ is a leaf: the pages import shared code, nothing outside app/ imports the pages' code.
// No service imports another: what two services share sits in services/kit or contracts/.
const SERVICES = ["order", "stock", "balance", "notification", "observer"];
const notAnotherService = (own) => ({
  // Imports are relative: "../../stock/application/x" names the other service by its folder.
  group: SERVICES.filter((s) => s !== own).map((s) => `**/${s}/**`),
  message: "a service does not import another service: shared code belongs in services/kit/ or contracts/.",
});
const notFromApp = {
  regex: "^\\.{1,2}/(\\.\\./)*app(/|$)",
  message: "app/ is a leaf: move shared code to shared/ or contracts/.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".data/",
      "build/",
      "**/generated/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration once in main.ts / config.ts and pass it down.",
        },
      ],
    },
  },
  {
    ignores: ["app/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [notFromApp] }] },
  },
  {
    files: ["services/*/domain/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["kafkajs", "@prisma/*", "pg", "socket.io", "socket.io-client", "next", "next/*", "react"],
              message: "domain/ holds pure rules: no I/O libraries.",
            },
            { group: ["node:*"], message: "domain/ holds pure rules: no Node built-ins." },
            {
              group: ["**/infra/**", "**/application/**", "**/consumers/**", "**/controller/**", "**/kit/**"],
              message: "domain/ depends on nothing but contracts.",
            },
            notFromApp,
          ],
        },
      ],
    },
  },
  // Imports go one way: no module of services/, contracts/, shared/ or server/ reaches itself again.
  {
    files: ["services/**/*.ts", "contracts/**/*.ts", "shared/**/*.ts", "server/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] })],
      // The modules a file imports are parsed too, to follow the chain.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  ...SERVICES.map((own) => ({
    files: [`services/${own}/**/*.ts`],
    ignores: [`services/${own}/domain/**`],
    rules: { "no-restricted-imports": ["error", { patterns: [notFromApp, notAnotherService(own)] }] },
  })),
  {
    files: [
      "**/main.ts",
      "**/config.ts",
      "server/embedded/**",
      "scripts/**",
      "test/**",
      "e2e/**",
      "bench/**",
      "*.config.ts",
      "*.config.js",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
