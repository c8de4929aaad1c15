import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium when present (Playwright cannot download its own browser on these machines);
// otherwise Playwright's bundled browser, so the suite also runs on a developer laptop.
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

// A second run beside the main one (another checkout's tests, a parallel session) can pick its own
// port, build directory and results directory: PW_PORT, PW_BUILD_DIR, PW_OUTPUT_DIR.
const port = Number(process.env.PW_PORT ?? 4173);
const buildDir = process.env.PW_BUILD_DIR;
const outputDir = process.env.PW_OUTPUT_DIR ?? './test-results';

export default defineConfig({
  testDir: './e2e/journeys',
  outputDir,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    // e2e runs against the production build.
    command: buildDir
      ? `npx vite build --outDir ${buildDir} --emptyOutDir && npx vite preview --outDir ${buildDir} --host 127.0.0.1 --port ${port} --strictPort`
      : 'npm run build && npm run preview',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
