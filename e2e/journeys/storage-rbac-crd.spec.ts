// Journeys for issue #7: data that outlives a StatefulSet pod, `kubectl auth can-i` as a service
// account before and after a RoleBinding, and a CRD whose operator reconciles a custom resource and
// heals what it owns.

import { expect, test } from '../fixtures/sandbox';

const STATEFULSET = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 80}]
---
apiVersion: apps/v1
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
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

test('a StatefulSet pod deleted and recreated finds its data on its claim', async ({ sandbox, page }) => {
  await sandbox.apply(STATEFULSET);
  const pod = page.getByTestId('pod-db-0');
  await expect(pod).toHaveAttribute('data-phase', 'Running');
  const write = await sandbox.terminal.run(`exec db-0 -- sh -c 'echo order-42 > /data/orders.txt && cat /data/orders.txt'`);
  expect(write).toContain('order-42');
  // a file outside the volume lives in the container's writable layer only
  await sandbox.terminal.run(`exec db-0 -- sh -c 'echo scratch > /tmp/scratch.txt'`);
  const uid = await sandbox.terminal.run('get pod db-0 -o jsonpath={.metadata.uid}');

  expect(await sandbox.terminal.run('delete pod db-0')).toContain('pod "db-0" deleted');
  await expect.poll(async () => sandbox.terminal.run(`get pod db-0 -o jsonpath='{.metadata.uid}{" "}{.status.phase}'`), { timeout: 30_000 }).toMatch(/ Running$/);
  expect(await sandbox.terminal.run('get pod db-0 -o jsonpath={.metadata.uid}')).not.toBe(uid);
  expect(await sandbox.terminal.run('exec db-0 -- cat /data/orders.txt')).toContain('order-42');
  expect(await sandbox.terminal.run('exec db-0 -- cat /tmp/scratch.txt')).toMatch(/No such file or directory/);
  expect(await sandbox.terminal.run('get pvc data-db-0')).toMatch(/data-db-0\s+Bound/);
  await sandbox.screenshot('statefulset-data');
});

test('kubectl auth can-i as a service account: no before a RoleBinding, yes after', async ({ sandbox, page }) => {
  expect(await sandbox.terminal.run('create serviceaccount reader')).toBe('serviceaccount/reader created');
  const as = '--as=system:serviceaccount:default:reader';
  expect(await sandbox.terminal.run(`auth can-i list pods ${as}`)).toBe('no');
  expect(await sandbox.terminal.run(`get pods ${as}`)).toBe(
    'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:reader" cannot list resource "pods" in API group "" in the namespace "default"',
  );
  // The denied request's path: authentication passed, authorization stopped it, storage never reached.
  const denied = page.getByTestId('terminal-output').locator('.terminal-entry').last().getByTestId('rp-request');
  await expect(denied).toHaveAttribute('data-code', '403');
  await expect(denied.locator('[data-stage="authentication"]')).toHaveAttribute('data-outcome', 'passed');
  await expect(denied.locator('[data-stage="authorization"]')).toHaveAttribute('data-outcome', 'denied');
  await expect(denied.locator('[data-stage="storage"]')).toHaveAttribute('data-outcome', 'not-reached');
  await sandbox.screenshot('request-path-denied');
  expect(await sandbox.terminal.run('create role pod-reader --verb=get,list,watch --resource=pods')).toBe('role.rbac.authorization.k8s.io/pod-reader created');
  expect(await sandbox.terminal.run('create rolebinding read-pods --role=pod-reader --serviceaccount=default:reader')).toBe(
    'rolebinding.rbac.authorization.k8s.io/read-pods created',
  );
  expect(await sandbox.terminal.run(`auth can-i list pods ${as}`)).toBe('yes');
  expect(await sandbox.terminal.run(`auth can-i delete pods ${as}`)).toBe('no');
  expect(await sandbox.terminal.run(`auth can-i list pods ${as} -n kube-system`)).toBe('no');
  expect(await sandbox.terminal.run(`get pods ${as}`)).toBe('No resources found in default namespace.');
  await sandbox.screenshot('auth-can-i');
});

test('a CRD, then a Website: the operator creates its Deployment and Service and heals them', async ({ sandbox, page }) => {
  // a custom resource before its CRD exists is refused, as kubectl does
  expect(await sandbox.terminal.run('get websites')).toContain(`the server doesn't have a resource type "websites"`);
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId('editor-sample-website-operator').click();
  await sandbox.editor.apply();
  await expect(sandbox.editor.result(0)).toHaveText('customresourcedefinition.apiextensions.k8s.io/websites.learn.kube-sandbox.dev created');
  await expect.poll(async () => sandbox.terminal.run('get pods -n website-operator'), { timeout: 30_000 }).toMatch(/Running/);

  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId('editor-sample-website').click();
  await sandbox.editor.apply();
  await expect(sandbox.editor.result(0)).toHaveText('website.learn.kube-sandbox.dev/blog created');
  await expect(sandbox.pods('blog-')).toHaveCount(2);
  for (const p of await sandbox.pods('blog-').all()) await expect(p).toHaveAttribute('data-phase', 'Running');
  await expect.poll(async () => sandbox.terminal.run('get websites')).toMatch(/^blog\s+nginx:1\.27\s+2\s+2\s+/m);
  expect(await sandbox.terminal.run('get deployment blog -o jsonpath={.metadata.ownerReferences[0].kind}')).toBe('Website');

  // heal: delete what the operator owns and it comes back
  await sandbox.terminal.run('delete deployment blog');
  await expect.poll(async () => sandbox.terminal.run('get deployment blog'), { timeout: 30_000 }).toMatch(/^blog\s+2\/2/m);
  await sandbox.screenshot('website-operator');
});
