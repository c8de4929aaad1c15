// Journey: the scheduler, explained. At 1x a learner applies the 3-replica Deployment, opens the
// Scheduler tab and watches the three attempts play one after another to "Bound"; opens one and
// reads the filter grid (the control plane rejected by TaintToleration) and the score table (a
// total per feasible node); applies a pod asking for 100 CPUs and sees it Unschedulable with the
// FailedScheduling message; then drags a pod no scheduler handles (schedulerName: by-hand): every
// node shows its verdict and score at once, one marked as the scheduler's pick, and dropping it
// elsewhere compares the hand placement with the pick.

import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/sandbox';

const HUGE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: "100", memory: 64Mi}
`;

/** Two pods placed directly (spec.nodeName) so node-3 is clearly the emptiest, then the by-hand pod. */
const BY_HAND = `apiVersion: v1
kind: Pod
metadata:
  name: filler-1
spec:
  nodeName: node-1
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: "1", memory: 512Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: filler-2
spec:
  nodeName: node-2
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 500m, memory: 256Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: by-hand
spec:
  schedulerName: by-hand
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 100m, memory: 64Mi}
`;

/** Press on `source`, move onto the middle of `target`, and leave the button down (still dragging). */
async function dragOver(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.hover();
  await page.mouse.down();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 4, { steps: 2 });
}

test('watch the scheduler place pods, read why, and compare a hand placement', async ({ sandbox, page }) => {
  const panel = sandbox.scheduler;

  // --- at 1x: the Deployment's three attempts play one after another -------------------------
  await sandbox.setSpeed(1);
  await sandbox.editor.apply(); // the starting sample: Deployment web, 3 replicas
  // Record which pod the scheduling path shows, and when, from before the tab opens.
  await page.evaluate(() => {
    const seen: Array<{ pod: string; at: number }> = [];
    (window as unknown as { __schedSeen: typeof seen }).__schedSeen = seen;
    new MutationObserver(() => {
      const pod = document.querySelector('[data-testid="sched-pod"]')?.textContent ?? '';
      if (pod && seen.at(-1)?.pod !== pod) seen.push({ pod, at: performance.now() });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await panel.open();
  await expect(panel.attemptRows()).toHaveCount(3);
  await expect(panel.headline).toContainText(/Bound to node-\d/, { timeout: 20_000 });
  await expect(panel.result).toHaveAttribute('data-result', 'Scheduled');
  await expect(panel.message).toContainText(/Successfully assigned default\/web-\S+ to node-\d/);
  await expect(page.getByTestId('sched-waiting')).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { __schedSeen: Array<{ pod: string; at: number }> }).__schedSeen);
  // The panel may first show the last bootstrap attempt (a CoreDNS pod's); the Deployment's three follow.
  const web = seen.filter((s) => s.pod.startsWith('web-'));
  expect(new Set(web.map((s) => s.pod)).size, `the three pods played one by one: ${JSON.stringify(seen)}`).toBe(3);
  // At a human pace: each attempt stays on stage about 1.2 s.
  for (let i = 1; i < web.length; i++) expect(web[i].at - web[i - 1].at).toBeGreaterThan(900);
  await sandbox.screenshot('scheduler-live');

  // --- one attempt in full --------------------------------------------------------------------
  await sandbox.setSpeed(100);
  await panel.attemptRows().last().click(); // the oldest: the Deployment's first pod
  const grid = page.getByTestId('sched-filter-grid');
  await expect(grid).toBeVisible();
  const cp = grid.getByTestId('sched-filter-row-control-plane');
  await expect(cp).toHaveAttribute('data-outcome', 'rejected');
  await expect(cp.locator('[data-plugin="TaintToleration"]')).toHaveAttribute('data-mark', 'fail');
  await expect(cp.locator('[data-plugin="NodeResourcesFit"]')).toHaveAttribute('data-mark', 'notRun');
  await expect(grid.getByTestId('sched-why-control-plane')).toContainText('TaintToleration: node(s) had untolerated taint(s)');
  const workers = await sandbox.workerNames();
  const scores = page.getByTestId('sched-score-table');
  for (const w of workers) {
    await expect(grid.getByTestId(`sched-filter-row-${w}`)).toHaveAttribute('data-outcome', 'feasible');
    await expect(scores.getByTestId(`sched-total-${w}`)).toHaveText(/^\d+$/);
  }
  await expect(scores.locator('tr.is-selected')).toHaveCount(1);
  await sandbox.screenshot('scheduler-detail');
  await scores.scrollIntoViewIfNeeded();
  await sandbox.screenshot('scheduler-detail-scores');

  // --- a pod no node can take -------------------------------------------------------------------
  await sandbox.apply(HUGE_POD);
  await expect(sandbox.editor.result(0)).toHaveText('pod/huge created');
  await panel.open();
  await panel.live();
  await expect(panel.headline).toContainText('Unschedulable → unschedulablePods');
  await expect(panel.message).toContainText('FailedScheduling');
  await expect(panel.message).toContainText(/0\/\d+ nodes are available: .*Insufficient cpu/);
  await expect(page.getByTestId('sched-lane-unschedulablePods').locator('[data-pod="huge"]')).toBeVisible();
  const hugeRow = panel.attemptRows().filter({ hasText: 'huge' }).first();
  await expect(hugeRow).toHaveAttribute('data-result', 'Unschedulable');
  await expect(hugeRow).toContainText('Insufficient cpu');
  await sandbox.screenshot('scheduler-unschedulable');

  // --- dragging a Pending pod: every node's verdict and score at once ---------------------------
  await sandbox.apply(BY_HAND);
  const pod = sandbox.pod('by-hand');
  await expect(pod).toHaveAttribute('data-phase', 'Pending');
  await expect(pod).toHaveAttribute('data-node', '');
  await expect(sandbox.pod('filler-2')).toHaveAttribute('data-phase', 'Running');
  await dragOver(page, pod, sandbox.node('node-1'));
  for (const w of workers) {
    const v = sandbox.node(w).getByTestId('drop-verdict');
    await expect(v).toHaveAttribute('data-fits', 'true');
    await expect(v).toContainText(/fits · score \d+/);
  }
  const cpVerdict = sandbox.node('control-plane').getByTestId('drop-verdict');
  await expect(cpVerdict).toHaveAttribute('data-fits', 'false');
  await expect(cpVerdict).toContainText('TaintToleration');
  const picks = page.locator('[data-testid="drop-verdict"][data-best="true"]');
  await expect(picks).toHaveCount(1);
  await expect(sandbox.node('node-3').getByTestId('drop-verdict-pick')).toHaveText("★ scheduler's pick");
  // The pick has the highest score.
  const score = async (node: string) => Number(await sandbox.node(node).getByTestId('drop-verdict').getAttribute('data-score'));
  for (const w of workers) expect(await score('node-3')).toBeGreaterThanOrEqual(await score(w));
  const [node1Score, node3Score] = [await score('node-1'), await score('node-3')];
  // The hovered node's badge may wrap to give a long reason in full.
  await expect(sandbox.node('node-1').getByTestId('drop-verdict')).toHaveClass(/is-hovered/);
  await sandbox.screenshot('scheduler-drag-verdicts', undefined, { keepPointer: true });

  // --- dropping it elsewhere: you against the scheduler -----------------------------------------
  await page.mouse.up();
  await expect(pod).toHaveAttribute('data-node', 'node-1');
  const toast = page.getByTestId('compare-toast');
  await expect(toast).toContainText(`You placed by-hand on node-1 (score ${node1Score}). The scheduler would have picked node-3 (score ${node3Score})`);
  await toast.getByTestId('compare-open').click();
  const compare = page.getByTestId('sched-compare');
  await expect(compare).toBeVisible();
  await expect(compare.getByTestId('sched-compare-text')).toContainText('The scheduler would have picked node-3');
  await expect(compare.getByTestId('sched-compare-table').locator('[data-plugin="NodeResourcesFit"]')).toBeVisible();
  await sandbox.screenshot('scheduler-compare');

  // The same in Chinese: explanations translated, plugin names kept.
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(compare.getByTestId('sched-compare-text')).toContainText('调度器会选择 node-3');
  await panel.live();
  await expect(panel.headline).toContainText('无法调度 (Unschedulable) → unschedulablePods');
  await sandbox.screenshot('scheduler-zh');
});


test('with reduced motion each attempt shows its result without walking the stages', async ({ sandbox, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await sandbox.setSpeed(1);
  await sandbox.editor.apply();
  await page.evaluate(() => {
    const states: string[] = [];
    (window as unknown as { __schedStates: string[] }).__schedStates = states;
    new MutationObserver(() => {
      const r = document.querySelector('[data-testid="sched-result"]');
      const state = `${r?.getAttribute('data-result') ?? ''}:${document.querySelector('[data-testid="sched-pod"]')?.textContent ?? ''}`;
      if (r && states.at(-1) !== state) states.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-result'] });
  });
  await sandbox.scheduler.open();
  await expect(sandbox.scheduler.attemptRows()).toHaveCount(3);
  await expect(sandbox.scheduler.headline).toContainText(/Bound to node-\d/);
  await expect(page.getByTestId('sched-waiting')).toHaveCount(0);
  const states = await page.evaluate(() => (window as unknown as { __schedStates: string[] }).__schedStates);
  expect(states.some((s) => s.startsWith('walking')), `states seen: ${states.join(' | ')}`).toBe(false);
  // Still one attempt after another, each straight to its result; the chip does not slide. (The panel
  // may open on the last bootstrap attempt, a CoreDNS pod's: not one of the Deployment's three.)
  expect(new Set(states.filter((s) => s.startsWith('Scheduled') && s.split(':')[1].startsWith('web-')).map((s) => s.split(':')[1])).size).toBe(3);
  await expect(page.getByTestId('sched-pod')).toHaveCSS('transition-duration', '0s');
});
