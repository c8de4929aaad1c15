// Journey: a learner applies the web Deployment (cpu requests 100m), autoscales it in the terminal,
// opens the Deployment in the inspector and raises its Load slider: the pods' CPU bars fill past
// their request, the HPA line shows utilisation above the 50% target, and the Deployment grows to
// the HPA's maximum, which `kubectl get hpa` and the canvas agree on.

import { expect, scenario, test } from '../fixtures/sandbox';

test('a load on the web Deployment makes its HorizontalPodAutoscaler scale it out', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  const autoscaled = await sandbox.terminal.run('kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=6');
  expect(autoscaled).toContain('horizontalpodautoscaler.autoscaling/web autoscaled');

  await sandbox.inspect(page.getByTestId('deployment-web'), 'web');
  const load = sandbox.inspector.getByTestId('insp-load');
  await expect(load).toContainText('each request costs 5m CPU on a ready pod');
  const hpa = load.getByTestId('insp-hpa');
  // Idle pods use 1m of their 100m: the HPA measures 1% once metrics-server has scraped them twice.
  await expect(hpa.getByTestId('insp-hpa-cpu')).toHaveText('CPU 1% / 50% target');

  const slider = load.getByTestId('load-slider');
  await slider.fill('200');
  await expect(load.getByTestId('load-value')).toHaveText('200 requests/s');

  // 200 rps over the ready pods: far above 50% each, so the HPA asks for more pods, up to --max=6.
  const replicas = hpa.getByTestId('insp-hpa-replicas');
  await expect(replicas).toHaveAttribute('data-desired', '6', { timeout: 30_000 });
  await expect(pods).toHaveCount(6, { timeout: 30_000 });
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  await expect(replicas).toHaveAttribute('data-current', '6');
  const condition = hpa.getByTestId('insp-hpa-condition');
  await expect(condition).toHaveAttribute('data-type', 'ScalingLimited');
  await expect(condition).toContainText('the desired replica count is more than the maximum replica count');
  await expect(hpa.getByTestId('insp-hpa-cpu')).toHaveText(/^CPU \d{3}% \/ 50% target$/);

  // Every serving pod's card shows its CPU past the request.
  const bars = page.locator('[data-testid^="pod-cpu-web-"]');
  await expect(bars).toHaveCount(6, { timeout: 30_000 });
  await expect.poll(async () => (await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pct'))))).every((p) => p > 100)).toBe(true);

  const table = await sandbox.terminal.run('get hpa');
  const row = table.split('\n').find((l) => l.startsWith('web '));
  const m = /cpu: (\d+)%\/50%\s+1\s+6\s+(\d+)/.exec(row ?? '');
  expect(m, `kubectl get hpa row: ${row}`).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(50);
  expect(Number(m![2])).toBe(6);
  await sandbox.screenshot('hpa-scaled');

  // Load off: usage falls to idle at once; the HPA waits out its 5-minute downscale window.
  await slider.fill('0');
  await expect(load.getByTestId('load-value')).toHaveText('no load');
  await expect(condition).toHaveAttribute('data-type', 'AbleToScale');
  await expect(condition).toContainText('ScaleDownStabilized');
  await expect(pods).toHaveCount(1, { timeout: 30_000 });
  await expect(replicas).toHaveAttribute('data-current', '1');
  await sandbox.screenshot('hpa-idle');
});
