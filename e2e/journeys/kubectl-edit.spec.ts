// Journey: `kubectl edit` from the terminal. Tab completes the object's name; the live Deployment
// opens in the Editor tab in its own buffer; changing replicas and pressing Apply prints
// `deployment.apps/web edited` and the canvas scales; an unchanged Apply cancels; a stale edit
// (the object changed meanwhile) gets the Conflict and keeps the buffer. A pod deleted from the
// inspector shows its kubectl equivalent in the toast, and "Run in terminal" pastes it.

import { expect, scenario, test } from '../fixtures/sandbox';

const editBuffer = (page: import('@playwright/test').Page) => page.evaluate(() => window.__sandboxEdit?.getValue() ?? null);

test('kubectl edit deploy/web scales the Deployment; unchanged cancels; stale conflicts', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(3);

  // Tab completion: the subcommand, then the object name after TYPE/
  await sandbox.terminal.open();
  const input = sandbox.terminal.input;
  await input.fill('ed');
  await input.press('Tab');
  await expect(input).toHaveValue('edit ');
  await input.pressSequentially('deploy/w');
  await input.press('Tab');
  await expect(input).toHaveValue('edit deploy/web ');
  // a second Tab on an ambiguous word lists the candidates below the prompt
  await input.fill('get po');
  await input.press('Tab');
  await input.press('Tab');
  await expect(page.getByTestId('terminal-candidates').last()).toContainText('pod');
  await expect(page.getByTestId('terminal-candidates').last()).toContainText('pods');

  await input.fill('kubectl edit deploy/web');
  await input.press('Enter');
  await expect(page.getByTestId('editor-edit-banner')).toContainText('kubectl edit deployment.apps/web');
  await expect.poll(() => editBuffer(page)).toContain('kind: Deployment');
  const original = (await editBuffer(page)) ?? '';
  expect(original).toContain('# Please edit the object below.');
  expect(original).toMatch(/^status:/m); // kubectl edit shows the whole object
  // the learner's manifest buffer is untouched
  expect(await page.evaluate(() => window.__sandboxEditor!.getValue())).toContain('---');

  // change spec.replicas (the first `  replicas:` line; status comes after spec)
  const edited = original.replace(/^( {2}replicas: )3$/m, '$15');
  expect(edited).not.toBe(original);
  await page.evaluate((t) => window.__sandboxEdit!.setValue(t), edited);
  await sandbox.editor.applyButton.click();

  const entry = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'edit deploy/web' }).last();
  await expect(entry.locator('.terminal-stdout')).toHaveText('deployment.apps/web edited');
  await expect(sandbox.terminal.input).toBeVisible(); // back in the terminal, as after the editor exits
  await expect(sandbox.pods('web-')).toHaveCount(5);
  await expect(page.getByTestId('editor-edit-banner')).toHaveCount(0);

  // unchanged: cancelled
  await sandbox.terminal.input.fill('edit deployment web');
  await sandbox.terminal.input.press('Enter');
  await expect(page.getByTestId('editor-edit-banner')).toBeVisible();
  await expect.poll(() => editBuffer(page)).toContain('replicas: 5');
  await sandbox.editor.applyButton.click();
  const cancelled = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'edit deployment web' }).last();
  await expect(cancelled.locator('.terminal-stdout')).toHaveText('Edit cancelled, no changes made.');

  // stale: someone scales the Deployment while the edit is open
  await sandbox.terminal.input.fill('edit deploy web');
  await sandbox.terminal.input.press('Enter');
  await expect.poll(() => editBuffer(page)).toContain('replicas: 5');
  const stale = ((await editBuffer(page)) ?? '').replace(/^( {2}replicas: )5$/m, '$14');
  const scaled = await sandbox.terminal.run('scale deploy web --replicas=2');
  expect(scaled).toContain('deployment.apps/web scaled');
  await page.getByTestId('dock-tab-editor').click();
  await page.evaluate((t) => window.__sandboxEdit!.setValue(t), stale);
  await sandbox.editor.applyButton.click();
  await expect(page.getByTestId('editor-edit-error')).toContainText(
    'error: deployments.apps "web" could not be patched: Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
  );
  expect(await editBuffer(page)).toBe(stale); // the edit is kept
  await sandbox.screenshot('kubectl-edit-conflict');
  await page.getByTestId('editor-edit-cancel').click();
  const conflicted = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'edit deploy web' }).last();
  await expect(conflicted.locator('.terminal-stdout')).toHaveText('Edit cancelled, no changes made.');
  await expect(sandbox.pods('web-')).toHaveCount(2);
  await sandbox.screenshot('kubectl-edit');
});

test('a UI delete shows its kubectl command, and Run in terminal pastes it', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(3);
  const card = sandbox.pods('web-').first();
  const name = ((await card.getAttribute('data-pod-key')) ?? '').split('/')[1];
  await sandbox.inspect(card, name);
  await page.getByTestId('inspector-delete').click();
  const toast = sandbox.toasts.filter({ has: page.getByTestId('kubectl-line') }).last();
  await expect(toast.getByTestId('kubectl-command')).toHaveText(`kubectl delete pod ${name}`);
  await sandbox.screenshot('kubectl-equivalent-toast');
  await toast.getByTestId('kubectl-run').click();
  await expect(sandbox.terminal.input).toHaveValue(`delete pod ${name}`);
});
