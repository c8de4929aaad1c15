// Journey: custom resources and storage reach the UI. After the Website CRD is applied, a Website
// is drawn in the custom-resource lane with the Deployment and Service its operator owns, its YAML
// gets completion data, hover docs and markers from the CRD's schema, and `kubectl edit website/blog`
// round-trips through the editor. A StatefulSet's claim shows in the storage lane through both
// phases: attach (a VolumeAttachment on the pod's node) and mount (the kubelet), and on the pod card.

import type { Page } from '@playwright/test';
import { expect, Severity, test } from '../fixtures/sandbox';
import type { Sandbox } from '../fixtures/sandbox';

const editBuffer = (page: Page) => page.evaluate(() => window.__sandboxEdit?.getValue() ?? null);

async function applySample(sandbox: Sandbox, sample: string): Promise<void> {
  const { page } = sandbox;
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId(`editor-sample-${sample}`).click();
  await sandbox.editor.apply();
}

const SITE = `apiVersion: learn.kube-sandbox.dev/v1
kind: Website
metadata:
  name: shop
spec:
  image: nginx:1.27
  replicas: 1
`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        volumeMounts:
        - {name: data, mountPath: /data}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: network-disk
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

test('a Website on the canvas, its schema in the editor, kubectl edit of it, and a claim attached and mounted', async ({ sandbox, page }) => {
  test.setTimeout(150_000);
  // Before the CRD: a Website is an unknown kind to the editor's schema.
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue(SITE);
  await sandbox.editor.expectMarker('unknown kind before the CRD', (m) => m.owner !== 'apply' && m.line === 2);

  await applySample(sandbox, 'website-operator');
  await expect(sandbox.editor.result(0)).toHaveText('customresourcedefinition.apiextensions.k8s.io/websites.learn.kube-sandbox.dev created');
  await expect.poll(async () => sandbox.terminal.run('get pods -n website-operator'), { timeout: 30_000 }).toMatch(/Running/);
  await applySample(sandbox, 'website');
  await expect(sandbox.editor.result(0)).toHaveText('website.learn.kube-sandbox.dev/blog created');

  // The canvas: the Website in the custom-resource lane, with what it owns.
  const site = page.getByTestId('custom-website-blog');
  await expect(site).toBeVisible();
  await expect(site.getByTestId('owned-deployment-blog')).toBeVisible();
  await expect(site.getByTestId('owned-service-blog')).toBeVisible();
  await expect(site).toContainText('Image nginx:1.27');
  await expect(sandbox.pods('blog-')).toHaveCount(2);
  // Clicking opens each in the inspector.
  await site.getByTestId('owned-deployment-blog').click();
  await expect(sandbox.inspector.locator('.kind-badge')).toHaveText('Deployment');
  await expect(sandbox.inspector.locator('.inspector-name')).toHaveText('blog');
  await site.locator('.lane-obj').click();
  await expect(sandbox.inspector.locator('.kind-badge')).toHaveText('Website');
  await page.getByTestId('inspector-tab-yaml').click();
  await expect(sandbox.inspector).toContainText('learn.kube-sandbox.dev/v1');
  await sandbox.screenshot('crd-website-canvas');

  // The editor: the CRD's schema checks a Website and explains its fields.
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue(SITE.replace('replicas: 1', 'replicas: 11'));
  const tooMany = await sandbox.editor.expectMarker('replicas above the CRD maximum', (m) => m.owner !== 'apply' && m.line === 7);
  expect(tooMany.severity).toBe(Severity.Warning);
  await sandbox.editor.setValue(SITE);
  await expect.poll(async () => (await sandbox.editor.markers()).filter((m) => m.owner !== 'apply').length, { message: 'no schema warning on a valid Website' }).toBe(0);
  const imageKey = page.locator('.monaco-editor .view-line', { hasText: 'image: nginx' }).locator('span span', { hasText: 'image' }).first();
  await imageKey.hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Container image that serves the site.' })).toBeVisible();
  await sandbox.screenshot('crd-website-hover', undefined, { keepPointer: true });
  // A kind no CRD serves keeps its warning.
  await sandbox.editor.setValue(SITE.replace('kind: Website', 'kind: Webshop'));
  await sandbox.editor.expectMarker('a kind no CRD serves', (m) => m.owner !== 'apply' && m.line === 2);

  // kubectl edit website/blog round-trips through the editor.
  await sandbox.terminal.open();
  await sandbox.terminal.input.fill('edit website/blog');
  await sandbox.terminal.input.press('Enter');
  await expect(page.getByTestId('editor-edit-banner')).toContainText('kubectl edit website.learn.kube-sandbox.dev/blog');
  await expect.poll(() => editBuffer(page)).toContain('kind: Website');
  const original = (await editBuffer(page)) ?? '';
  const edited = original.replace(/^( {2}replicas: )2$/m, '$13');
  expect(edited).not.toBe(original);
  await page.evaluate((t) => window.__sandboxEdit!.setValue(t), edited);
  await sandbox.editor.applyButton.click();
  const entry = sandbox.terminal.output.locator('.terminal-entry').filter({ hasText: 'edit website/blog' }).last();
  await expect(entry.locator('.terminal-stdout')).toHaveText('website.learn.kube-sandbox.dev/blog edited');
  await expect(sandbox.pods('blog-')).toHaveCount(3);
  // and by <plural>.<group>
  await sandbox.terminal.input.fill('edit websites.learn.kube-sandbox.dev/blog');
  await sandbox.terminal.input.press('Enter');
  await expect(page.getByTestId('editor-edit-banner')).toContainText('kubectl edit website.learn.kube-sandbox.dev/blog');
  await page.getByTestId('editor-edit-cancel').click();

  // Storage: the claim, its volume, the attachment to the pod's node and the mount.
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue(STATEFULSET);
  await sandbox.editor.apply();
  await expect(sandbox.editor.result(0)).toHaveText('statefulset.apps/db created');
  const pod = sandbox.pod('db-0');
  await expect(pod).toHaveAttribute('data-phase', 'Running', { timeout: 30_000 });
  const node = (await pod.getAttribute('data-node')) ?? '';
  const claim = page.getByTestId('pvc-data-db-0');
  await expect(claim).toHaveAttribute('data-phase', 'Bound');
  await expect(claim.locator('.lane-obj').nth(1)).toContainText(/^pv/);
  await expect(claim.getByTestId(`attachment-${node}`)).toContainText('attached');
  await expect(claim.getByTestId('mount-db-0')).toContainText('mounted');
  await expect(page.getByTestId('volumes-of-db-0')).toHaveAttribute('data-state', 'ok');
  expect(await sandbox.terminal.run('get volumeattachments')).toContain(node);
  await claim.getByTestId(`attachment-${node}`).click();
  await expect(sandbox.inspector.locator('.kind-badge')).toHaveText('VolumeAttachment');
  await page.getByTestId('volumes-of-db-0').click();
  await expect(sandbox.inspector.locator('.kind-badge')).toHaveText('PersistentVolumeClaim');
  await expect(sandbox.inspector.locator('.inspector-name')).toHaveText('data-db-0');
  // Related: the claim's volume and the pod mounting it.
  await page.getByTestId('inspector-tab-related').click();
  const related = sandbox.inspector.locator('.inspector-related li');
  await expect(related.filter({ hasText: 'mounted by' })).toContainText('pod/db-0');
  await expect(related.filter({ hasText: 'volume' }).first()).toContainText('persistentvolume/pvc-');
  await sandbox.screenshot('crd-storage-canvas');
  // With the dock folded away the canvas has room: the lanes read at full size.
  await page.getByRole('button', { name: 'Collapse the dock' }).click();
  await expect(page.getByTestId('storage-lane')).toBeVisible();
  await sandbox.screenshot('crd-storage-lanes');
});
