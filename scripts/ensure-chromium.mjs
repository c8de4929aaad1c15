// Find a Chromium for Playwright, or install one: Debian's `chromium` when apt can be used as root
// (Playwright's own browser download cannot reach its CDN on these machines), Playwright's
// download elsewhere (a developer laptop).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function found() {
  return CANDIDATES.find((p) => existsSync(p));
}

function run(cmd) {
  console.log(`[ensure-chromium] $ ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
}

if (found()) {
  console.log(`[ensure-chromium] using ${found()}`);
} else {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    hasApt = true;
  } catch {
    hasApt = false;
  }
  if (isRoot && hasApt) {
    run('apt-get update -qq');
    run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-noto-cjk');
  } else {
    run('npx playwright install chromium');
  }
  console.log(`[ensure-chromium] ready: ${found() ?? "Playwright's own Chromium"}`);
}
