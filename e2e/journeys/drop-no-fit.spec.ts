// Journey: a learner tries to place pods by hand where they cannot go. A Pending pod that asks for
// more CPU than a node has is refused with the scheduler's reason (NodeResourcesFit: Insufficient
// cpu), while hovering and after the drop; a Running pod cannot be moved at all, and the UI offers
// to delete it instead.

import type { Locator, Page } from '@playwright/test';
import { expect, scenario, test } from '../fixtures/sandbox';

/** Press on `source`, move onto the middle of `target`, and leave the button down (still dragging). */
async function dragOver(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.hover();
  await page.mouse.down();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 4, { steps: 2 });
}

test('a pod that does not fit is refused with the failing filter and its reason', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('hungry-pod.yaml'));
  await expect(sandbox.editor.result(0)).toHaveText('pod/hungry created');
  const pod = sandbox.pod('hungry');
  await expect(pod).toHaveAttribute('data-phase', 'Pending');
  await expect(pod).toHaveAttribute('data-node', '');
  const pending = page.getByTestId('unscheduled-area');
  const inside = async () => {
    const [card, area] = [(await pod.boundingBox())!, (await pending.boundingBox())!];
    return card.x >= area.x && card.y >= area.y && card.x + card.width <= area.x + area.width && card.y + card.height <= area.y + area.height;
  };
  expect(await inside(), 'the Pending pod waits in the unscheduled area').toBe(true);

  // Hovering over node-1 already says why not.
  const node1 = sandbox.node('node-1');
  await dragOver(page, pod, node1);
  const verdict = node1.getByTestId('drop-verdict');
  await expect(verdict).toHaveAttribute('data-fits', 'false');
  await expect(verdict).toContainText('NodeResourcesFit');
  await expect(verdict).toContainText('Insufficient cpu');
  await expect(node1).toHaveClass(/drop-fails/);
  await page.mouse.up();

  // After the drop: the explanation stays on the node and a toast repeats it.
  await expect(verdict).toContainText('NodeResourcesFit: Insufficient cpu (cpu: requested 3, used 0 of 2)');
  const toast = sandbox.toasts.filter({ hasText: 'Not placed on node-1' });
  await expect(toast).toBeVisible();
  await expect(toast).toHaveAttribute('data-kind', 'error');
  await expect(toast).toContainText('NodeResourcesFit: Insufficient cpu');
  await sandbox.screenshot('drop-no-fit');

  // The pod stays Pending and unbound, also after a simulated minute.
  const simTime = page.getByTestId('sim-time');
  const start = Number(await simTime.getAttribute('data-ms'));
  await expect.poll(async () => Number(await simTime.getAttribute('data-ms'))).toBeGreaterThan(start + 60_000);
  await expect(pod).toHaveAttribute('data-phase', 'Pending');
  await expect(pod).toHaveAttribute('data-node', '');
  expect(await inside()).toBe(true);
  const out = await sandbox.terminal.run('get pod hungry -o wide');
  expect(out).toMatch(/^hungry\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s/m);
});

test('a Running bare pod never moves: the drop is refused and deleting it is offered', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('resident-pod.yaml'));
  const pod = sandbox.pod('resident');
  await expect(pod).toHaveAttribute('data-phase', 'Running');
  const home = (await pod.getAttribute('data-node'))!;
  const workers = await sandbox.workerNames();
  expect(workers).toContain(home);
  const target = sandbox.node(workers.find((w) => w !== home)!);

  await dragOver(page, pod, target);
  const verdict = target.getByTestId('drop-verdict');
  await expect(verdict).toHaveAttribute('data-fits', 'false');
  await expect(verdict).toContainText('refused: Pods never move');
  await page.mouse.up();

  const toast = sandbox.toasts.filter({ hasText: 'Pods never move' });
  await expect(toast).toBeVisible();
  await expect(toast).toHaveAttribute('data-kind', 'error');
  // No controller owns it, so nothing would replace it: the explanation says so.
  await expect(toast).toContainText('This one has no controller to replace it');
  const offer = toast.getByTestId('toast-action');
  await expect(offer).toHaveText('Delete resident');
  await expect(verdict).toContainText('refused');
  // Still where it was, still Running.
  await expect(pod).toHaveAttribute('data-node', home);
  await expect(pod).toHaveAttribute('data-phase', 'Running');
  await sandbox.screenshot('drop-running-pod');

  // Taking the offer deletes the pod, and nothing comes back.
  await offer.click();
  await expect(sandbox.toasts.filter({ hasText: 'pod "resident" deleted' })).toBeVisible();
  await expect(pod).toHaveCount(0);
  await expect(sandbox.pods()).toHaveCount(0);
});

test("a Deployment's pod never moves either: deleting it gets a replacement from its controller", async ({ sandbox, page }) => {
  await sandbox.editor.apply(); // the starting sample: Deployment web, 3 replicas
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const p of await pods.all()) await expect(p).toHaveAttribute('data-phase', 'Running');
  const pod = pods.first();
  const name = (await pod.getAttribute('data-testid'))!.slice('pod-'.length);
  const home = (await pod.getAttribute('data-node'))!;
  const target = sandbox.node((await sandbox.workerNames()).find((w) => w !== home)!);

  await dragOver(page, pod, target);
  await expect(target.getByTestId('drop-verdict')).toContainText('refused: Pods never move');
  await page.mouse.up();
  const toast = sandbox.toasts.filter({ hasText: 'Pods never move' });
  await expect(toast).toContainText('Delete it so its controller creates a replacement, which the scheduler places');
  await expect(sandbox.pod(name)).toHaveAttribute('data-node', home);

  await toast.getByTestId('toast-action').click();
  await expect(sandbox.pod(name)).toHaveCount(0);
  // The ReplicaSet makes a new pod; the scheduler places it; three are Running again.
  await expect(pods).toHaveCount(3);
  for (const p of await pods.all()) await expect(p).toHaveAttribute('data-phase', 'Running');
  await expect(sandbox.service('web')).toHaveAttribute('data-endpoints', '3');
});
