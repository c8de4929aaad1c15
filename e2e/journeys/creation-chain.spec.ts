// Journey (issue #4): the pod inspector's creation chain. A pod whose env references a missing
// ConfigMap waits in CreateContainerConfigError; its Summary shows the kubelet's calls (SyncPod,
// RunPodSandbox with containerd, the shim and runc, CNI ADD, the image, the failed config step).

import { expect, test } from '../fixtures/sandbox';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: needs-config
spec:
  containers:
  - name: app
    image: nginx:1.27
    envFrom:
    - configMapRef: {name: app-config}
`;

test('the creation chain of a pod, and CreateContainerConfigError', async ({ sandbox }) => {
  await sandbox.apply(POD);
  const card = sandbox.pod('needs-config');
  await expect(card).toHaveAttribute('data-status', 'CreateContainerConfigError', { timeout: 30_000 });
  await sandbox.inspect(card, 'needs-config');
  const chain = sandbox.inspector.getByTestId('creation-chain');
  await expect(chain).toContainText('RunPodSandbox');
  await expect(chain).toContainText('containerd-shim-runc-v2');
  await expect(chain).toContainText('runc start');
  await expect(chain).toContainText('configmap "app-config" not found');
  await chain.scrollIntoViewIfNeeded();
  await sandbox.screenshot('creation-chain');
});
