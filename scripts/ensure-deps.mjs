// `npm test` on a fresh clone: install the locked dependencies first when they are missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || !existsSync('node_modules/vite')) {
  console.log('[ensure-deps] node_modules missing: running npm ci');
  execSync('npm ci', { stdio: 'inherit' });
}
