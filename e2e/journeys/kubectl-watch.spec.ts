// Journey: `kubectl get pods -w` in the terminal keeps printing. The learner starts the watch, scales
// the Deployment from the editor, comes back to the terminal and finds a row for each change of the
// new pods (Pending, ContainerCreating, Running) under the first table, without a second header.
// Ctrl+C prints ^C and stops it: later changes add nothing. Another command interrupts a watch too.

import { expect, scenario, test } from '../fixtures/sandbox';

test('kubectl get pods -w streams rows as the Deployment scales, until Ctrl+C', async ({ sandbox, page }) => {
  const web = scenario('web.yaml');
  await sandbox.apply(web);
  await expect(sandbox.pods('web-')).toHaveCount(3);
  // let the three pods settle, so the rows that follow come from the scale-up
  await expect.poll(async () => (await sandbox.terminal.run('get pods')).match(/Running/g)?.length ?? 0).toBe(3);

  const input = sandbox.terminal.input;
  await input.fill('get pods -w');
  await input.press('Enter');
  // (by its command: `.last()` would move on to later entries)
  const entry = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'get pods -w' });
  const stdout = entry.locator('.terminal-stdout');
  await expect(entry.locator('.terminal-echo')).toContainText('get pods -w');
  await expect(page.getByTestId('terminal-watch-stop')).toBeVisible();
  await expect(stdout).toContainText(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
  const initial = await stdout.innerText();
  expect(initial.trim().split('\n')).toHaveLength(4);

  // Scale from the editor: the watch keeps running while another tab is open.
  await sandbox.apply(web.replace('replicas: 3', 'replicas: 5'));
  await expect(sandbox.pods('web-')).toHaveCount(5);
  await sandbox.terminal.open();
  // New pods: first seen Pending with age 0s, later Running; no second header.
  await expect(stdout).toContainText(/\nweb-\S+ {3}0\/1 {3}Pending {3}0 {5}0s/);
  // Each streamed row is aligned on its own (`1/1   Running`), unlike the first table's (`1/1     Running`).
  await expect.poll(async () => ((await stdout.innerText()).match(/ 1\/1 {3}Running /g) ?? []).length).toBe(2);
  const streamed = await stdout.innerText();
  expect(streamed.startsWith(initial)).toBe(true);
  expect(streamed.match(/^NAME/gm)).toHaveLength(1);
  // The output follows the rows: scrolled to the bottom, the Stop button in view.
  await expect(page.getByTestId('terminal-watch-stop')).toBeInViewport();
  await sandbox.screenshot('kubectl-watch');

  // Ctrl+C: ^C under the rows, the Stop button goes, the prompt is back.
  await input.press('Control+c');
  await expect(page.getByTestId('terminal-watch-stop')).toHaveCount(0);
  await expect(stdout).toHaveText(/\n\^C$/);
  const stopped = await stdout.innerText();
  await sandbox.apply(web.replace('replicas: 3', 'replicas: 2'));
  await expect(sandbox.pods('web-')).toHaveCount(2);
  await sandbox.terminal.open();
  expect(await stdout.innerText()).toBe(stopped);

  // Another command interrupts a running watch, as in a shell.
  await input.fill('get deploy -w');
  await input.press('Enter');
  await expect(page.getByTestId('terminal-watch-stop')).toBeVisible();
  const deployWatch = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'get deploy -w' });
  await expect(deployWatch.locator('.terminal-stdout')).toContainText(/^NAME\s+READY\s+UP-TO-DATE/);
  await sandbox.terminal.run('get deploy web');
  await expect(deployWatch.locator('.terminal-stdout')).toHaveText(/\n\^C$/);
  await expect(page.getByTestId('terminal-watch-stop')).toHaveCount(0);
});
