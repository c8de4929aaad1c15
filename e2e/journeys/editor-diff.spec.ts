// Journey: after applying the starting manifest, a learner changes replicas 3 -> 5 in the editor and
// presses Diff: the preview shows the change as kubectl diff prints it (-replicas: 3 / +replicas: 5,
// the generation bump), the Service as unchanged, and the cluster still runs three pods.

import { expect, test } from '../fixtures/sandbox';

test('Diff previews a change without applying it', async ({ sandbox, page }) => {
  const { editor } = sandbox;
  const manifest = await page.evaluate(() => window.__sandboxEditor!.getValue());
  expect(manifest).toMatch(/replicas: 3\n/);
  await editor.apply();
  await expect(editor.result(0)).toHaveText('deployment.apps/web created');
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);

  await editor.setValue(manifest.replace('replicas: 3\n', 'replicas: 5\n'));
  const diffButton = page.getByTestId('editor-diff');
  await diffButton.click();
  await expect(diffButton).toBeEnabled();

  const deployment = page.getByTestId('diff-doc-0');
  await expect(deployment).toHaveAttribute('data-change', 'update');
  await expect(deployment).toContainText('Deployment/web');
  const body = page.getByTestId('diff-body-0');
  // Each row is one line of `diff -u` output (textContent ends with its newline).
  const rows = (kind: string) => body.locator(`.diff-line--${kind}`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\n$/, '')));
  await expect.poll(() => rows('remove')).toContain('-  replicas: 3');
  expect(await rows('add')).toContain('+  replicas: 5');
  expect(await rows('remove')).toContain('-  generation: 1');
  expect(await rows('add')).toContain('+  generation: 2');
  await expect(page.getByTestId('diff-doc-1')).toHaveAttribute('data-change', 'unchanged');
  await expect(page.getByTestId('diff-summary')).toContainText('1 to change');
  // Apply's results are replaced by the preview: no apply-result rows are shown.
  await expect(editor.resultRows()).toHaveCount(0);

  // Nothing was applied: still three pods, a while later, and the Deployment still asks for 3.
  await page.waitForTimeout(1_500);
  await expect(pods).toHaveCount(3);
  expect(await sandbox.terminal.run('get deploy web --no-headers')).toMatch(/^web\s+3\/3\s/);
  await page.getByTestId('dock-tab-editor').click();
  await expect(page.getByTestId('diff-results')).toBeVisible();
  await body.locator('.diff-line--remove').filter({ hasText: 'replicas: 3' }).scrollIntoViewIfNeeded();
  await sandbox.screenshot('editor-diff');

  // The keyboard shortcut previews the text as it is now; Apply then makes it real.
  await editor.setValue(manifest.replace('replicas: 3\n', 'replicas: 4\n'));
  await page.locator('.editor-host textarea').focus();
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await expect.poll(() => rows('add')).toContain('+  replicas: 4');
  await editor.setValue(manifest.replace('replicas: 3\n', 'replicas: 5\n'));
  await editor.apply();
  await expect(editor.result(0)).toHaveText('deployment.apps/web configured');
  await expect(pods).toHaveCount(5);
});
