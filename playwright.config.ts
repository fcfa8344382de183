// Playwright end-to-end tests (e2e/) in Debian's Chromium. The app must already be running at
// E2E_BASE_URL (the test script starts it); Playwright's own browser download is not used.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  // The chaos tests crash, pause and fail services for everyone: they run alone, after the rest.
  projects: [
    { name: "main", testIgnore: /chaos\.spec\.ts/ },
    { name: "chaos", testMatch: /chaos\.spec\.ts/, dependencies: ["main"] },
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000",
    headless: true,
    viewport: { width: 1440, height: 1000 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
