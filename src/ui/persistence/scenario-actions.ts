// What the Scenario menu does: export the cluster to a file or a share link, load a scenario from a
// file or a link (validated first: a refused scenario leaves the cluster untouched), and start over.

import { DEFAULT_CNI, DEFAULT_PROXY_MODE, type ClusterSettings } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { bufferAtRisk, loadBuffer, replaceBuffer } from '../editor/buffer-store';
import { clusterStore } from '../stores/cluster-store';
import { uiStore } from '../stores/ui-store';
import { issueLines, persistTNow } from './persist-messages';
import { showNotice } from './persist-store';
import {
  applyBatches, decodeScenarioText, decodeShareFragment, encodeScenarioText, encodeShareFragment, makeScenario, manifestsToYaml, MAX_FILE_BYTES, MAX_FRAGMENT_CHARS, SHARE_PREFIX,
  type DecodeResult, type Scenario,
} from './scenario-codec';
import { currentPersistence } from './session';

const DEFAULT_SETTINGS: ClusterSettings = { seed: 1, workerNodes: 3, cni: DEFAULT_CNI, proxyMode: DEFAULT_PROXY_MODE };

function toast(kind: 'info' | 'error', text: string): void {
  uiStore.getState().pushToast({ kind, text });
}

/** The running cluster as a scenario (the learner's manifests, the settings, the editor text). */
export async function currentScenario(): Promise<Scenario | { error: string }> {
  const settings = clusterStore.getState().settings;
  if (!settings) return { error: 'the cluster is not running' };
  const reply = await engineClient.request({ kind: 'exportManifests' });
  if (reply.kind === 'error') return { error: reply.message };
  return makeScenario(settings, reply.manifests, loadBuffer());
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

/** Download the scenario as `kube-sandbox-<date>.json`. */
export async function exportToFile(): Promise<void> {
  const s = await currentScenario();
  if ('error' in s) return toast('error', persistTNow('ps.failed', { message: s.error }));
  const blob = new Blob([encodeScenarioText(s)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `kube-sandbox-${stamp(new Date())}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  toast('info', persistTNow('ps.exported', { count: s.manifests.length }));
}

/** The share link for the running cluster, or why there is none. Tries to copy it to the clipboard. */
export async function makeShareLink(): Promise<{ url: string; copied: boolean } | { error: string }> {
  const s = await currentScenario();
  if ('error' in s) return s;
  const fragment = await encodeShareFragment(s);
  const size = fragment.length - SHARE_PREFIX.length;
  if (size > MAX_FRAGMENT_CHARS) return { error: persistTNow('ps.shareTooBig', { size, limit: MAX_FRAGMENT_CHARS }) };
  const url = `${location.origin}${location.pathname}${location.search}${fragment}`;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false; // no permission or no focus: the menu shows the link to copy by hand
  }
  return { url, copied };
}

function refuse(result: Extract<DecodeResult, { ok: false }>): void {
  showNotice({ kind: 'error', topic: 'import', text: persistTNow('ps.refused'), lines: issueLines(result.issues, persistTNow) });
}

/**
 * Replace the cluster with a scenario: rebuild with its settings, apply its manifests in one go, put
 * its editor text in the editor. `ask`: confirm first (a confirm() dialog; false skips it).
 */
export async function loadScenario(s: Scenario, ask: 'file' | 'link' | false): Promise<boolean> {
  const name = s.name ?? persistTNow('ps.untitled');
  if (ask) {
    const question =
      ask === 'file'
        ? persistTNow('ps.importConfirm', { name, count: s.manifests.length, workers: s.settings.workerNodes })
        : persistTNow('ps.linkConfirm', { name, count: s.manifests.length });
    if (!window.confirm(question)) return false;
  }
  showNotice(null);
  const reset = await engineClient.request({ kind: 'reset', settings: { ...DEFAULT_SETTINGS, ...s.settings } });
  if (reset.kind === 'error') {
    toast('error', persistTNow('ps.failed', { message: reset.message }));
    return false;
  }
  uiStore.getState().select(null);
  if (s.editor !== undefined) replaceBuffer(s.editor);
  if (s.manifests.length === 0) {
    toast('info', persistTNow('ps.imported', { name, count: 0 }));
    return true;
  }
  const documents: Array<{ ok: boolean; message: string }> = [];
  for (const batch of applyBatches(s.manifests)) {
    const reply = await engineClient.request({ kind: 'apply', yaml: manifestsToYaml(batch) });
    if (reply.kind === 'error') {
      toast('error', persistTNow('ps.failed', { message: reply.message }));
      return false;
    }
    if (reply.kind === 'apply') documents.push(...reply.result.documents);
  }
  const failed = documents.filter((d) => !d.ok);
  if (failed.length) toast('error', persistTNow('ps.importPartial', { name, failed: failed.length, count: s.manifests.length, message: failed[0].message }));
  else toast('info', persistTNow('ps.imported', { name, count: s.manifests.length }));
  return true;
}

/** A file the learner picked. Size first, then parsing and validation; a refusal changes nothing. */
export async function importFile(file: File): Promise<boolean> {
  if (file.size > MAX_FILE_BYTES) {
    refuse({ ok: false, issues: [{ path: file.name, code: 'tooLarge', detail: `${MAX_FILE_BYTES} bytes` }] });
    return false;
  }
  const result = decodeScenarioText(await file.text(), file.size);
  if (!result.ok) {
    refuse(result);
    return false;
  }
  return loadScenario(result.scenario, 'file');
}

/**
 * The page was opened with `#scenario=...`: load it (asking first when the saved cluster holds
 * actions). The fragment is removed either way, so a reload does not load it again.
 */
export async function openShareLink(): Promise<void> {
  if (!location.hash.startsWith(SHARE_PREFIX)) return;
  const hash = location.hash;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const result = await decodeShareFragment(hash);
  if (!result) return;
  if (!result.ok) return refuse(result);
  // Work that would be lost: cluster actions, or editor text the link's own text would replace.
  const editorAtRisk = result.scenario.editor !== undefined && bufferAtRisk(result.scenario.editor);
  const hasWork = (currentPersistence()?.actionCount ?? 0) > 0 || editorAtRisk;
  await loadScenario(result.scenario, hasWork ? 'link' : false);
}

/** "Start over": forget the saved cluster and rebuild with the default settings. */
export async function startOver(): Promise<void> {
  if (!window.confirm(persistTNow('ps.startOverConfirm'))) return;
  await currentPersistence()?.clear();
  const reply = await engineClient.request({ kind: 'reset', settings: DEFAULT_SETTINGS });
  uiStore.getState().select(null);
  showNotice(null);
  toast(reply.kind === 'error' ? 'error' : 'info', reply.kind === 'error' ? reply.message : persistTNow('ps.startOverDone'));
}
