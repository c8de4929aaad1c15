// Journeys for issue #8 "Polish that people expect": the scenario gallery loads a whole scenario
// (asking first over existing work), the theme toggle (and the system preference) switch page and
// editor, `?` lists the shortcuts, Ctrl+K finds and selects a pod, the namespace / label filter dims
// the rest, and the first-visit tour. Each screen is saved in the light and the dark theme.

import type { Page } from '@playwright/test';
import { expect, scenario, test } from '../fixtures/sandbox';
import type { Sandbox } from '../fixtures/sandbox';

/** Save `name` in the light theme and `name-dark` with the system preferring dark. */
async function bothThemes(sandbox: Sandbox, page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await sandbox.screenshot(`polish-${name}`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await sandbox.screenshot(`polish-${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the gallery loads a scenario over existing work after asking, and its objects appear', async ({ sandbox, page }) => {
  test.setTimeout(120_000);
  await sandbox.apply(scenario('web.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(3);

  await page.getByTestId('gallery-open').click();
  const gallery = page.getByTestId('gallery');
  await expect(gallery).toBeVisible();
  await expect(gallery.locator('[data-testid^="gallery-card-"]')).toHaveCount(11);
  // topic chips narrow the cards
  await gallery.getByTestId('gallery-tag-storage').click();
  await expect(gallery.locator('[data-testid^="gallery-card-"]')).toHaveCount(1);
  await gallery.getByTestId('gallery-tag-all').click();
  await bothThemes(sandbox, page, 'gallery');

  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await gallery.getByTestId('gallery-load-statefulset-storage').click();
  await expect(gallery).toBeHidden();
  await expect(sandbox.toasts.filter({ hasText: 'Scenario "StatefulSet with storage" loaded: 2 objects applied.' })).toBeVisible();
  expect(asked).toHaveLength(1);
  expect(asked[0]).toContain('Replace the current cluster with the scenario "StatefulSet with storage" (2 objects, 3 worker nodes)?');

  // the old cluster is gone, the scenario's objects are there, its manifests are in the editor
  await expect(sandbox.pods('web-')).toHaveCount(0);
  await expect(sandbox.pod('db-0')).toHaveAttribute('data-phase', 'Running', { timeout: 30_000 });
  await expect(sandbox.pod('db-1')).toHaveAttribute('data-phase', 'Running', { timeout: 30_000 });
  expect(await page.evaluate(() => window.__sandboxEditor!.getValue())).toContain('kind: StatefulSet');
  expect(await sandbox.terminal.run('get pvc')).toMatch(/data-db-0\s+Bound/);
  await bothThemes(sandbox, page, 'gallery-loaded');
});

test('every gallery scenario applies without a refused object', async ({ sandbox, page }) => {
  test.setTimeout(240_000);
  const ids = await (async () => {
    await page.getByTestId('gallery-open').click();
    const cards = page.getByTestId('gallery').locator('[data-testid^="gallery-card-"]');
    await expect(cards.first()).toBeVisible();
    const all = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('gallery-card-'.length)));
    await page.getByTestId('gallery-close').click();
    return all;
  })();
  expect(ids.length).toBeGreaterThanOrEqual(8);
  page.on('dialog', (d) => void d.accept());
  for (const id of ids) {
    await page.getByTestId('gallery-open').click();
    const title = await page.getByTestId(`gallery-card-${id}`).locator('.gallery-card-title').innerText();
    await page.getByTestId(`gallery-load-${id}`).click();
    await expect(page.getByTestId('gallery')).toBeHidden({ timeout: 30_000 });
    // all applied ("loaded, but N of M objects were refused" otherwise)
    await expect(sandbox.toasts.filter({ hasText: new RegExp(`Scenario "${title.replace(/[()]/g, '\\$&')}" loaded: \\d+ objects applied\\.`) }), id).toBeVisible();
  }
  // the last one (node failure) drew its six pods
  await expect(sandbox.pods('web-')).toHaveCount(6, { timeout: 30_000 });
});

test('the theme toggle switches page and editor, and is remembered', async ({ sandbox, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAccessibleName('Switch to the dark theme');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAccessibleName('Switch to the light theme');
  await expect(page.locator('.monaco-editor.vs-dark')).toBeVisible();
  const bg = await page.locator('.app-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(22, 27, 34)');
  await sandbox.apply(scenario('web.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(3);
  for (const pod of await sandbox.pods('web-').all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  await sandbox.screenshot('polish-theme-dark-chosen');

  // the choice outlives a reload although the system prefers light
  await page.reload();
  await expect(page.getByTestId('clock-play')).toBeEnabled();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('.monaco-editor.vs')).toBeVisible();
});

test('? lists every shortcut and Esc closes the list', async ({ sandbox, page }) => {
  // at 1280 px the header holds everything: nothing cut off on the right, the name not covered
  const help = (await page.getByTestId('help-button').boundingBox())!;
  expect(help.x + help.width).toBeLessThanOrEqual(1280);
  const name = (await page.locator('.brand-name').boundingBox())!;
  const clock = (await page.getByTestId('clock-play').boundingBox())!;
  expect(name.x + name.width).toBeLessThan(clock.x);

  await page.locator('body').press('?');
  const overlay = page.getByTestId('shortcuts-help');
  await expect(overlay).toBeVisible();
  await expect(overlay).toBeFocused();
  for (const text of ['Open and focus the Terminal tab', 'Apply the manifests', 'Complete a command, resource or name', 'Search the canvas for a pod, node or Service', 'Ten seconds back / forward']) {
    await expect(overlay).toContainText(text);
  }
  await expect(overlay.locator('kbd', { hasText: /^Alt$/ })).toHaveCount(6);
  await bothThemes(sandbox, page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();

  // `?` typed in the terminal is text, not the overlay
  await sandbox.terminal.open();
  await sandbox.terminal.input.press('?');
  await expect(sandbox.terminal.input).toHaveValue('?');
  await expect(overlay).toBeHidden();

  // in Chinese, from the Help menu
  await page.getByTestId('lang-switch').selectOption('zh');
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-shortcuts').click();
  await expect(overlay).toContainText('打开并聚焦「终端」标签页');
  await page.getByTestId('shortcuts-help-close').click();
  await expect(overlay).toBeHidden();
});

test('Ctrl+K finds a pod by name; Enter selects it and the inspector shows it', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  const name = (await pods.nth(1).getAttribute('data-testid'))!.slice('pod-'.length);

  await page.locator('body').press('Control+k');
  const input = page.getByTestId('canvas-search-input');
  await expect(input).toBeFocused();
  await input.fill('web');
  // the pods and the Service match; the canvas marks them
  await expect(page.getByTestId('canvas-search').locator('[role="option"]')).toHaveCount(4);
  await expect(page.locator('.react-flow__node.is-search-match')).toHaveCount(4);
  await input.fill(name.slice(0, -2));
  await expect(page.getByTestId(`search-hit-Pod-${name}`)).toHaveAttribute('aria-selected', 'true');
  await bothThemes(sandbox, page, 'search');
  await input.press('Enter');
  await expect(page.getByTestId('canvas-search')).toBeHidden();
  await expect(sandbox.inspector.locator('.inspector-name')).toHaveText(name);
  await expect(sandbox.pod(name)).toHaveClass(/is-selected/);
  await expect(page.locator('.react-flow__node.is-search-match')).toHaveCount(0);
  // centred: the card is in the middle third of the canvas
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await expect
    .poll(async () => {
      const card = (await sandbox.pod(name).boundingBox())!;
      return Math.abs(card.x + card.width / 2 - (canvas.x + canvas.width / 2)) < canvas.width / 6;
    })
    .toBe(true);
  await sandbox.screenshot('polish-search-selected');

  // `/` opens it too; a name that is not there says so
  await page.locator('body').press('/');
  await input.fill('nope');
  await expect(page.getByTestId('canvas-search')).toContainText('Nothing on the canvas is called “nope”.');
  await input.press('Escape');
  await expect(page.getByTestId('canvas-search')).toBeHidden();
});

test('the namespace and label filter dims the other pods and shows a chip that clears it', async ({ sandbox, page }) => {
  await sandbox.apply(`${scenario('web.yaml')}
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: cart
  namespace: shop
  labels: {app: cart}
spec:
  containers:
  - name: cart
    image: nginx:1.27
`);
  await expect(sandbox.pods('web-')).toHaveCount(3);
  await expect(sandbox.pod('cart')).toHaveAttribute('data-phase', 'Running');
  const wrapper = (testId: string) => page.locator('.react-flow__node', { has: page.getByTestId(testId) });
  const web = wrapper(`${(await sandbox.pods('web-').first().getAttribute('data-testid'))!}`);

  await page.getByTestId('canvas-filter-button').click();
  await page.getByTestId('canvas-filter-namespace').selectOption('shop');
  await page.getByTestId('canvas-filter-apply').click();
  await expect(page.getByTestId('filter-chip')).toContainText('-n shop');
  await expect(web).toHaveClass(/is-dimmed/);
  await expect(wrapper('pod-cart')).not.toHaveClass(/is-dimmed/);
  await expect(wrapper('service-web')).toHaveClass(/is-dimmed/);
  await bothThemes(sandbox, page, 'filter-namespace');

  // a label selector in kubectl's syntax; a broken one says why and cannot be applied
  await page.getByTestId('filter-chip').locator('.filter-chip-text').click();
  await page.getByTestId('canvas-filter-namespace').selectOption('');
  const selector = page.getByTestId('canvas-filter-selector');
  await selector.fill('app in (web');
  await expect(page.getByTestId('canvas-filter-message')).toHaveText(/^error: unable to parse requirement: /);
  await expect(page.getByTestId('canvas-filter-apply')).toBeDisabled();
  await sandbox.screenshot('polish-filter-error');
  await selector.fill('app in (web)');
  await selector.press('Enter');
  await expect(page.getByTestId('filter-chip')).toHaveText(/-l app in \(web\)/);
  await expect(wrapper('pod-cart')).toHaveClass(/is-dimmed/);
  await expect(web).not.toHaveClass(/is-dimmed/);
  await expect(page.locator('.react-flow__node.is-dimmed [data-pod-key^="kube-system/"]').first()).toBeVisible();
  await bothThemes(sandbox, page, 'filter-label');

  await page.getByTestId('filter-chip-clear').click();
  await expect(page.getByTestId('filter-chip')).toBeHidden();
  await expect(page.locator('.react-flow__node.is-dimmed')).toHaveCount(0);
});

test('the tour shows on a first visit, steps through, and stays away after "Don’t show again"', async ({ sandbox, page }) => {
  // the journeys' own page (?test) never shows it
  await expect(page.getByTestId('tour')).toHaveCount(0);
  await expect(page).toHaveTitle('kube-sandbox · a Kubernetes cluster in your browser');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  await page.goto('/?test&tour');
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  const steps = ['canvas', 'editor', 'terminal', 'lessons', 'timeline'];
  for (const [i, step] of steps.entries()) {
    await expect(tour).toHaveAttribute('data-step', step);
    await expect(tour).toContainText(`Step ${i + 1} of ${steps.length}`);
    await expect(page.getByTestId('tour-next')).toBeFocused();
    await bothThemes(sandbox, page, `tour-${i + 1}-${step}`);
    if (i < steps.length - 1) await page.getByTestId('tour-next').click();
  }
  await expect(page.getByTestId('tour-dont-show')).toBeChecked();
  await expect(page.getByTestId('tour-next')).toHaveText('Start exploring');
  await page.getByTestId('tour-next').click();
  await expect(tour).toBeHidden();

  // a plain visit (no test hooks) in the same browser: dismissed, so not shown
  await page.goto('/');
  await expect(page.getByTestId('clock-play')).toBeEnabled();
  await expect(page.getByTestId('node-node-1')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(tour).toHaveCount(0);
  // the Help menu brings it back
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-tour').click();
  await expect(tour).toHaveAttribute('data-step', 'canvas');
  await page.keyboard.press('Escape');
  await expect(tour).toBeHidden();
});

test('a first visit without the test hooks shows the tour; Skip with the box unticked keeps it for next time', async ({ page }) => {
  await page.goto('/');
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('tour-dont-show').uncheck();
  await page.getByTestId('tour-skip').click();
  await expect(tour).toBeHidden();
  await page.reload();
  await expect(tour).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('tour-skip').click(); // box ticked by default: dismissed
  await page.reload();
  await expect(page.getByTestId('node-node-1')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(tour).toHaveCount(0);
});
