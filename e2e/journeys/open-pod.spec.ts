// Journey (issue #4): open a pod to see inside it. A web server with a sidecar that polls it over
// localhost and an emptyDir both use: the open-pod view shows the pause container holding the shared
// namespaces, each container with its own mount namespace, who answers on localhost:80, and the
// volume mounted into both containers (gone with the pod).

import { expect, test } from '../fixtures/sandbox';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web-and-helper
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80}]
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]
  - name: helper
    image: busybox:1.36
    command: ["sh", "-c", "while true; do date > /out/index.html; wget -qO- localhost:80; sleep 5; done"]
    volumeMounts: [{name: html, mountPath: /out}]
  volumes:
  - name: html
    emptyDir: {}
`;

test('open a pod: shared namespaces, containers, localhost and a shared volume', async ({ sandbox, page }) => {
  await sandbox.apply(POD);
  const card = sandbox.pod('web-and-helper');
  await expect(card).toHaveAttribute('data-status', 'Running', { timeout: 30_000 });
  await sandbox.inspect(card, 'web-and-helper');
  await page.getByTestId('insp-open-pod').click();
  const dialog = page.getByTestId('pod-inside');
  await expect(dialog).toBeVisible();
  const shared = dialog.getByTestId('pod-inside-shared');
  await expect(shared).toContainText('registry.k8s.io/pause:3.10');
  await expect(shared.locator('[data-ns="net"]')).toContainText(/eth0 10\.244\.\d+\.\d+ and lo 127\.0\.0\.1/);
  await expect(shared.locator('[data-ns="uts"]')).toContainText('hostname web-and-helper');
  await expect(dialog.getByTestId('pod-inside-ports-web')).toContainText(':80');
  await expect(dialog.getByTestId('pod-inside-ports-helper')).toContainText('listens on no port');
  await expect(dialog.getByTestId('pod-inside-localhost')).toContainText('localhost:80 → web');
  const html = dialog.getByTestId('pod-inside-volume-html');
  await expect(html).toContainText('emptyDir');
  await expect(html).toContainText('lives and dies with the pod');
  await expect(html).toContainText('web:/usr/share/nginx/html, helper:/out');
  await sandbox.screenshot('open-pod');

  // Esc closes it; a double-click on the card opens it again.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await card.dblclick();
  await expect(page.getByTestId('pod-inside')).toBeVisible();
});
