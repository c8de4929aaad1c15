// Journey: a learner applies broken manifests. Each mistake is reported inline (a result row with
// kubectl's message and a marker on the offending line), nothing reaches the cluster, and a
// mistake in one document affects the others exactly as it would with `kubectl apply -f`.

import { expect, lineOf, scenario, Severity, test, type Sandbox } from '../fixtures/sandbox';

/** Nothing was created: no pods, no workloads, only the `kubernetes` and `kube-dns` Services (canvas and kubectl). */
async function expectClusterUnchanged(sandbox: Sandbox): Promise<void> {
  await expect(sandbox.pods()).toHaveCount(0);
  // kube-system's CoreDNS Deployment is the only one.
  await expect(sandbox.page.locator('[data-testid^="deployment-"]')).toHaveCount(1);
  await expect(sandbox.page.getByTestId('deployment-coredns')).toBeVisible();
  await expect(sandbox.services()).toHaveCount(2);
  await expect(sandbox.service('kubernetes')).toBeVisible();
  await expect(sandbox.service('kube-dns')).toBeVisible();
  const out = await sandbox.terminal.run('get all');
  const lines = out.trim().split('\n');
  expect(lines, out).toHaveLength(2);
  expect(lines[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
  expect(lines[1]).toMatch(/^service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/);
}

test('a YAML syntax error is reported on its line and changes nothing', async ({ sandbox }) => {
  const yaml = scenario('bad-syntax.yaml');
  await sandbox.apply(yaml);
  const row = sandbox.editor.result(0);
  await expect(row).toHaveAttribute('data-ok', 'false');
  await expect(row).toContainText('error parsing STDIN: error converting YAML to JSON: yaml: line');
  await expect(sandbox.editor.resultRows()).toHaveCount(1);
  const line = lineOf(yaml, ' labels:');
  const marker = await sandbox.editor.expectMarker(`apply error on line ${line}`, (m) => m.owner === 'apply' && m.line === line);
  expect(marker.severity).toBe(Severity.Error);
  expect(marker.message).toContain('error converting YAML to JSON');
  await expectClusterUnchanged(sandbox);
  await sandbox.page.getByTestId('dock-tab-editor').click();
  await sandbox.screenshot('bad-input-syntax');
});

test('an unknown kind is reported on the kind line and changes nothing', async ({ sandbox }) => {
  const yaml = scenario('unknown-kind.yaml');
  await sandbox.apply(yaml);
  const row = sandbox.editor.result(0);
  await expect(row).toHaveAttribute('data-ok', 'false');
  await expect(row).toContainText('no matches for kind "Deploymnt" in version "apps/v1"');
  await expect(row).toContainText('ensure CRDs are installed first');
  const line = lineOf(yaml, 'kind: Deploymnt');
  const marker = await sandbox.editor.expectMarker(`apply error on line ${line}`, (m) => m.owner === 'apply' && m.line === line);
  expect(marker.severity).toBe(Severity.Error);
  expect(marker.message).toContain('Deploymnt');
  expect((await sandbox.editor.markers()).filter((m) => m.owner === 'apply')).toHaveLength(1);
  await expectClusterUnchanged(sandbox);
  await sandbox.page.getByTestId('dock-tab-editor').click();
  await sandbox.screenshot('bad-input-unknown-kind');
});

test('a wrong field type gets a schema warning on its line while typing', async ({ sandbox, page }) => {
  const yaml = scenario('wrong-type.yaml');
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue(yaml);
  const line = lineOf(yaml, 'replicas: "three"');
  // monaco-yaml's worker checks the text against the Kubernetes schema (no Apply needed). If its
  // worker cannot start (TOOLCHAIN.md: monaco-editor >= 0.55), no marker ever appears.
  const marker = await sandbox.editor.expectMarker(`schema warning on line ${line}`, (m) => m.owner !== 'apply' && m.line === line);
  expect(marker.severity).toBe(Severity.Warning);
  expect(marker.message.toLowerCase()).toContain('integer');
  // The rest of the manifest is valid: that is the only schema complaint.
  expect((await sandbox.editor.markers()).filter((m) => m.owner !== 'apply')).toHaveLength(1);
  await expect(page.locator('.squiggly-warning')).not.toHaveCount(0);

  // Applying it anyway: the API server cannot decode the string, nothing is created.
  await sandbox.editor.apply();
  await expect(sandbox.editor.result(0)).toHaveAttribute('data-ok', 'false');
  await expect(sandbox.editor.result(0)).toContainText('cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  await sandbox.editor.expectMarker(`apply error on line ${line}`, (m) => m.owner === 'apply' && m.line === line);
  await expectClusterUnchanged(sandbox);
  await sandbox.page.getByTestId('dock-tab-editor').click();
  await sandbox.screenshot('bad-input-wrong-type');
});

test('a valid document after an unknown kind is still applied, as kubectl does', async ({ sandbox }) => {
  const yaml = scenario('unknown-kind-then-valid.yaml');
  await sandbox.apply(yaml);
  await expect(sandbox.editor.resultRows()).toHaveCount(2);
  await expect(sandbox.editor.result(0)).toHaveAttribute('data-ok', 'false');
  await expect(sandbox.editor.result(0)).toContainText('no matches for kind "Deploymnt"');
  await expect(sandbox.editor.result(1)).toHaveAttribute('data-ok', 'true');
  await expect(sandbox.editor.result(1)).toHaveText('pod/after-typo created');
  const line = lineOf(yaml, 'kind: Deploymnt');
  await sandbox.editor.expectMarker(`apply error on line ${line}`, (m) => m.owner === 'apply' && m.line === line);
  expect((await sandbox.editor.markers()).filter((m) => m.owner === 'apply')).toHaveLength(1);
  await expect(sandbox.pod('after-typo')).toHaveAttribute('data-phase', 'Running');
  await expect(sandbox.pods()).toHaveCount(1);
});

test('kubectl stops reading at a syntax error: documents before it apply, after it do not', async ({ sandbox }) => {
  const yaml = scenario('syntax-error-between-valid.yaml');
  await sandbox.apply(yaml);
  // Document 0 applied; document 1 is the syntax error; document 2 was never read.
  await expect(sandbox.editor.result(0)).toHaveText('pod/before-break created');
  await expect(sandbox.editor.result(1)).toHaveAttribute('data-ok', 'false');
  await expect(sandbox.editor.result(1)).toContainText('error converting YAML to JSON');
  await expect(sandbox.editor.resultRows()).toHaveCount(2);
  const line = lineOf(yaml, ' labels:');
  await sandbox.editor.expectMarker(`apply error on line ${line}`, (m) => m.owner === 'apply' && m.line === line);

  await expect(sandbox.pod('before-break')).toHaveAttribute('data-phase', 'Running');
  const out = await sandbox.terminal.run('get pods');
  expect(out).toMatch(/^before-break\s+1\/1\s+Running/m);
  expect(out).not.toContain('after-break');
  await expect(sandbox.pods()).toHaveCount(1);
  await expect(sandbox.pod('after-break')).toHaveCount(0);
  await sandbox.page.getByTestId('dock-tab-editor').click();
  await sandbox.screenshot('bad-input-partial');
});
