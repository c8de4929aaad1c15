// Journeys: work is never lost. A reload brings back the cluster, the clock, the editor text and the
// layout; a share link opened in a fresh browser gives the same cluster; a tampered or oversized
// import is refused with what is wrong where, and the cluster is untouched; a crashed engine worker
// is restarted from the saved state with nothing applied lost. Each test starts with an empty
// IndexedDB: Playwright gives every test a fresh browser context.

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, scenario, test, type Sandbox } from '../fixtures/sandbox';

async function simMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
}

async function podNames(sandbox: Sandbox, prefix: string): Promise<string[]> {
  const names = await sandbox.pods(prefix).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return names.sort();
}

async function waitForApp(page: Page): Promise<void> {
  await expect(page.getByTestId('clock-play')).toBeEnabled();
  await expect(page.getByTestId('node-node-1')).toBeVisible();
  await page.waitForFunction(() => window.__sandboxPersist !== undefined);
}

async function expectRunning(sandbox: Sandbox, prefix: string, count: number): Promise<void> {
  await expect(sandbox.pods(prefix)).toHaveCount(count);
  for (const pod of await sandbox.pods(prefix).all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
}

test('IndexedDB starts empty in every test', async ({ sandbox, page }) => {
  void sandbox;
  const stores = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('kube-sandbox');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (name: string) =>
      new Promise<number>((resolve) => {
        const req = db.transaction(name).objectStore(name).count();
        req.onsuccess = () => resolve(req.result);
      });
    return { journal: await count('journal'), actions: window.__sandboxPersist!.actionCount() };
  });
  expect(stores).toEqual({ journal: 0, actions: 0 });
  await expect(sandbox.pods()).toHaveCount(0);
});

test('a reload brings back the cluster, the clock, the editor text and the layout', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  await expect(sandbox.editor.result(0)).toHaveText('deployment.apps/web created');
  // The apply saved the cluster: the restored clock is at least here (a running clock is saved
  // every 5 s of real time, so at 100x it may come back up to ~500 simulated seconds earlier
  // than the moment of the reload).
  const timeApplied = await simMs(page);
  await expectRunning(sandbox, 'web-', 3);
  const before = await podNames(sandbox, 'web-');

  // The learner types a note, switches the dock to the terminal and selects a pod.
  const text = `${scenario('web.yaml')}\n# my notes: scale to 5 next\n`;
  await sandbox.editor.setValue(text);
  const selected = (await sandbox.pods('web-').first().getAttribute('data-testid'))!.slice('pod-'.length);
  await sandbox.inspect(sandbox.pods('web-').first(), selected);
  await page.getByTestId('dock-tab-terminal').click();
  // Let the editor's debounced save and the layout's run (no explicit save of the cluster: the
  // apply saved it, and the journal covers the rest).
  await page.waitForTimeout(800);

  await page.reload();
  await waitForApp(page);
  await expectRunning(sandbox, 'web-', 3);
  expect(await podNames(sandbox, 'web-'), 'the same pods, not new ones').toEqual(before);
  await expect(sandbox.service('web')).toHaveAttribute('data-endpoints', '3');
  expect(await simMs(page), 'the clock continues from the last save, not from a new cluster').toBeGreaterThanOrEqual(timeApplied);
  await expect(page.getByTestId('clock-speed')).toHaveValue('100');
  await expect(page.getByTestId('terminal-input')).toBeVisible();
  await expect(sandbox.inspector.locator('.inspector-name'), 'the selection is back').toHaveText(selected);
  await page.getByTestId('dock-tab-editor').click();
  await page.waitForFunction(() => window.__sandboxEditor !== undefined);
  await expect.poll(() => page.evaluate(() => window.__sandboxEditor!.getValue())).toBe(text);
  await sandbox.screenshot('persist-after-reload');

  // kubectl sees the restored objects too (the engine, not just the canvas).
  const out = await sandbox.terminal.run('get deployments');
  expect(out).toMatch(/web\s+3\/3/);
});

test('a share link opened in a fresh browser gives the same cluster; the exported file too', async ({ sandbox, page, browser }) => {
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('cluster-cni').selectOption('calico-bgp');
  await expect(page.getByTestId('cluster-cni')).toHaveValue('calico-bgp');
  await sandbox.apply(scenario('web.yaml'));
  await expectRunning(sandbox, 'web-', 3);
  await sandbox.terminal.run('scale deployment web --replicas=2');
  await expectRunning(sandbox, 'web-', 2);

  await page.getByTestId('scenario-menu').click();
  await page.getByTestId('scenario-share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#scenario=[A-Za-z0-9_-]+$/);
  await sandbox.screenshot('persist-share-menu');
  const download = page.waitForEvent('download');
  await page.getByTestId('scenario-menu').click();
  await page.getByTestId('scenario-menu').click();
  await page.getByTestId('scenario-export').click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { settings: { cni: string }; manifests: Array<{ kind: string; status?: unknown; spec?: { replicas?: number } }> };
  expect(file.settings.cni).toBe('calico-bgp');
  expect(file.manifests.map((m) => m.kind)).toEqual(['Service', 'Deployment']);
  expect(file.manifests.every((m) => m.status === undefined)).toBe(true);
  expect(file.manifests[1].spec?.replicas).toBe(2);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const other = await fresh.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(link);
  await waitForApp(other);
  const second = new (sandbox.constructor as new (p: Page) => Sandbox)(other);
  await expect(other.getByTestId('cluster-cni')).toHaveValue('calico-bgp');
  await expectRunning(second, 'web-', 2);
  await expect(second.service('web')).toHaveAttribute('data-endpoints', '2');
  expect(new URL(other.url()).hash, 'the fragment is dropped once loaded').toBe('');
  const out = await second.terminal.run('get deployments,services');
  expect(out).toMatch(/deployment\.apps\/web\s+2\/2/);
  expect(out).toMatch(/service\/web\s+ClusterIP/);
  await second.screenshot('persist-share-opened');
  expect(errors).toEqual([]);
  await fresh.close();
});

test('a tampered and an oversized import are refused with a clear message; the cluster is untouched', async ({ sandbox, page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.accept();
  });
  await sandbox.apply(scenario('web.yaml'));
  await expectRunning(sandbox, 'web-', 3);
  const before = await podNames(sandbox, 'web-');

  const tampered = {
    format: 'kube-sandbox/scenario',
    version: 1,
    settings: { seed: 1, workerNodes: 99, cni: '<b>bold</b>' },
    manifests: [{ apiVersion: 'v1', kind: 7, metadata: { name: '<img src=x onerror=alert(1)>' } }, { apiVersion: 'v1', kind: 'Pod' }],
  };
  await page.getByTestId('scenario-file').setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
  const banner = page.getByTestId('persist-banner');
  await expect(banner).toHaveAttribute('data-topic', 'import');
  await expect(banner).toContainText('The scenario was refused; your cluster is unchanged.');
  const issues = page.getByTestId('persist-issues');
  await expect(issues).toContainText('settings.workerNodes: out of range (1..5, got 99)');
  await expect(issues).toContainText('manifests[0].kind: must be a non-empty text');
  await expect(issues).toContainText('manifests[1].metadata: is missing');
  // Text from the file is shown as text, never as markup.
  await expect(issues).toContainText('got "<b>bold</b>"');
  await expect(issues.locator('b')).toHaveCount(0);
  await sandbox.screenshot('persist-import-refused');
  await page.getByTestId('persist-dismiss').click();

  await page.getByTestId('scenario-file').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(1024 * 1024 + 10, 0x20) });
  await expect(banner).toContainText('The scenario was refused');
  await expect(page.getByTestId('persist-issues')).toContainText('huge.json: too large (limit 1048576 bytes)');

  const wrongVersion = { ...tampered, version: 9 };
  await page.getByTestId('scenario-file').setInputFiles({ name: 'v9.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrongVersion)) });
  await expect(page.getByTestId('persist-issues')).toContainText('version: unsupported version 9');

  // A damaged share link is refused the same way.
  await page.evaluate(() => {
    location.hash = '#scenario=not*base64';
  });
  await expect(page.getByTestId('persist-issues')).toContainText('#scenario: the link is damaged');

  expect(dialogs, 'nothing was asked: nothing was about to change').toBe(0);
  expect(await podNames(sandbox, 'web-')).toEqual(before);
  await expect(page.getByTestId('cluster-workers')).toHaveValue('3');
});

test('a crashed engine worker restarts from the saved state and nothing applied is lost', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  await expectRunning(sandbox, 'web-', 3);
  const before = await podNames(sandbox, 'web-');
  // A change right before the crash: journaled, perhaps not in a snapshot yet.
  const out = await sandbox.terminal.run('scale deployment web --replicas=4');
  expect(out).toContain('deployment.apps/web scaled');
  await page.evaluate(() => window.__sandboxPersist!.crashWorker());

  const banner = page.getByTestId('persist-banner');
  await expect(banner).toHaveAttribute('data-topic', 'crash');
  await expect(banner).toHaveAttribute('data-kind', 'info');
  await expect(banner).toContainText('The engine was restarted from your saved cluster');
  await expectRunning(sandbox, 'web-', 4);
  const after = await podNames(sandbox, 'web-');
  for (const name of before) expect(after, 'the pods from before the crash are still there').toContain(name);
  await sandbox.screenshot('persist-crash-recovered');

  // The restarted engine works: kubectl answers from it.
  expect(await sandbox.terminal.run('get deployment web')).toMatch(/web\s+4\/4/);
});
