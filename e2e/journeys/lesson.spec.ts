// Journey: a learner opens the lesson "Why Pods exist" from the palette's picker and completes it by
// following its steps in the UI: Load the YAML into the editor and Apply, answer each prediction
// before the step is revealed, Run the kubectl commands in the terminal, and watch every check turn
// green. Progress survives a reload.

import { readdirSync } from 'node:fs';
import { expect, test } from '../fixtures/sandbox';

/** Every lesson file is listed in the picker. */
const LESSON_FILES = readdirSync('src/lessons').filter((f) => /^\d\d-.*\.yaml$/.test(f)).length;

test('complete the "Why Pods exist" lesson by following its steps', async ({ sandbox, page }) => {
  // Open the picker and start the lesson (it rebuilds the cluster after a confirmation).
  await page.getByTestId('palette-lessons').click();
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('lesson-row-why-pods')).toContainText('Why Pods exist');
  await expect(picker.locator('[data-testid^="lesson-row-"]')).toHaveCount(LESSON_FILES);
  await sandbox.screenshot('lesson-picker');
  page.once('dialog', (d) => void d.accept());
  await picker.getByTestId('lesson-start-why-pods').click();
  await expect(picker).toBeHidden();

  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('lesson-step-title')).toContainText('One Pod, two containers');
  await expect(page.getByTestId('lesson-check-0')).toHaveAttribute('data-passed', 'false');

  // Step 1: Load the manifest into the editor, Apply, and the checks turn green.
  await page.getByTestId('lesson-load').click();
  await expect.poll(() => page.evaluate(() => window.__sandboxEditor?.getValue() ?? '')).toContain('name: sidecar');
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('lesson-check-0')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('lesson-check-1')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('lesson-step-done')).toBeVisible();
  await expect(page.getByTestId('lesson-explain')).toContainText('pause');
  await expect(sandbox.pod('two')).toHaveAttribute('data-phase', 'Running');
  await sandbox.screenshot('lesson-step1-done');

  // Step 2: predict before the commands are revealed, then run one in the terminal.
  await page.getByTestId('lesson-next').click();
  await expect(panel).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('lesson-predict')).toBeVisible();
  await expect(page.getByTestId('lesson-run-0')).toHaveCount(0);
  await page.getByTestId('lesson-choice-0').click();
  await expect(page.getByTestId('lesson-feedback')).toHaveAttribute('data-correct', 'true');
  await page.getByTestId('lesson-run-0').click();
  await expect(sandbox.terminal.input).toHaveValue('exec two -c sidecar -- wget -qO- localhost:80');
  await sandbox.terminal.input.press('Enter');
  await expect(sandbox.terminal.output.locator('.terminal-entry').last()).toContainText('Welcome to nginx!');
  await sandbox.screenshot('lesson-step2-predict');

  // Step 3: a wrong prediction is corrected; a second Pod cannot reach nginx over localhost.
  await page.getByTestId('lesson-next').click();
  await expect(panel).toHaveAttribute('data-step', '2');
  await page.getByTestId('lesson-choice-0').click();
  await expect(page.getByTestId('lesson-feedback')).toHaveAttribute('data-correct', 'false');
  await expect(page.getByTestId('lesson-feedback')).toContainText('Connection refused');
  await page.getByTestId('lesson-load').click();
  await page.getByTestId('dock-tab-editor').click();
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('lesson-check-0')).toHaveAttribute('data-passed', 'true');
  await page.getByTestId('lesson-run-0').click();
  await sandbox.terminal.input.press('Enter');
  await expect(sandbox.terminal.output.locator('.terminal-entry').last()).toContainText('Connection refused');
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`lesson-check-${i}`)).toHaveAttribute('data-passed', 'true');
  await page.getByTestId('lesson-finish').click();
  await expect(page.getByTestId('lesson-complete')).toBeVisible();
  await sandbox.screenshot('lesson-complete');

  // Selecting a pod shows the inspector; the Lesson tab is one click away.
  await sandbox.pod('alone').click();
  await expect(page.getByTestId('inspector-tab')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('lesson-tab').click();
  await expect(panel).toBeVisible();

  // Progress is kept across a reload.
  await page.reload();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('lesson-complete')).toBeVisible();
  await expect(page.getByTestId('lesson-choice-0')).toBeDisabled();
  await page.getByTestId('palette-lessons').click();
  await expect(page.getByTestId('lesson-row-why-pods')).toContainText('Done');
});
