// UI text of saving, recovery and scenario import/export, in both languages, with its own `t` (kept
// out of src/ui/i18n/messages.ts so this feature stays in its folder). Kubernetes terms stay English.

import { useCallback } from 'react';
import { uiStore, useUiStore, type Lang } from '../stores/ui-store';
import type { IssueCode, ScenarioIssue } from './scenario-codec';

const en = {
  'ps.menu': 'Scenario',
  'ps.menuTitle': 'Save, share or load a scenario; start over',
  'ps.export': 'Export to file…',
  'ps.import': 'Import from file…',
  'ps.share': 'Copy share link',
  'ps.startOver': 'Start over (forget saved cluster)',
  'ps.startOverConfirm': 'Delete the saved cluster and start a fresh one with default settings? Your editor text is kept.',
  'ps.startOverDone': 'Started over: a fresh cluster; the saved one was deleted.',
  'ps.saved': 'Saved in this browser',
  'ps.exported': 'Scenario exported: {count} objects.',
  'ps.shareCopied': 'Share link copied ({size} characters). Anyone opening it gets this cluster.',
  'ps.shareShown': 'Copy this share link:',
  'ps.shareTooBig': 'This scenario is too large for a link ({size} characters, limit {limit}). Export it to a file instead.',
  'ps.importConfirm': 'Replace the current cluster with the scenario "{name}" ({count} objects, {workers} worker nodes)? What you applied so far will be lost (export it first to keep it).',
  'ps.linkConfirm': 'This link carries the scenario "{name}" ({count} objects). Replace your current cluster with it? What you applied so far will be lost.',
  'ps.imported': 'Scenario "{name}" loaded: {count} objects applied.',
  'ps.importPartial': 'Scenario "{name}" loaded, but {failed} of {count} objects were refused by the API server: {message}',
  'ps.refused': 'The scenario was refused; your cluster is unchanged.',
  'ps.untitled': 'untitled',
  'ps.failed': 'That did not work: {message}',
  'ps.crashed': 'The simulation engine crashed ({message}). Restarting it from your last saved state…',
  'ps.recovered': 'The engine was restarted from your saved cluster; {replayed} recent actions were replayed. Nothing you applied was lost.',
  'ps.recoveredNoReplay': 'The engine was restarted from your saved cluster.',
  'ps.recoverSkipped': 'The engine crashed again while replaying your last action, so that action was dropped; the cluster is as it was saved before it.',
  'ps.recoverGaveUp': 'The engine keeps crashing. Reload the page; your saved cluster is kept.',
  'ps.restoreFailed': 'The saved cluster could not be restored ({message}); a fresh cluster was started.',
  'ps.dismiss': 'Dismiss',
  'issue.tooLarge': 'too large (limit {detail})',
  'issue.notJson': 'not valid JSON: {detail}',
  'issue.notObject': 'must be an object',
  'issue.wrongFormat': 'not a kube-sandbox scenario (format {detail})',
  'issue.wrongVersion': 'unsupported version {detail}; this sandbox reads version 1',
  'issue.missing': 'is missing',
  'issue.unknownField': 'is not a field of a scenario',
  'issue.notString': 'must be a non-empty text',
  'issue.notInteger': 'must be a whole number (got {detail})',
  'issue.outOfRange': 'out of range ({detail})',
  'issue.notOneOf': 'must be one of {detail}',
  'issue.notArray': 'must be a list',
  'issue.tooMany': 'too many entries (limit {detail})',
  'issue.tooDeep': 'nested too deeply (limit {detail})',
  'issue.badEncoding': 'the link is damaged (not base64url + deflate-raw JSON)',
};

const zh: Record<keyof typeof en, string> = {
  'ps.menu': '场景',
  'ps.menuTitle': '保存、分享或加载场景；重新开始',
  'ps.export': '导出到文件…',
  'ps.import': '从文件导入…',
  'ps.share': '复制分享链接',
  'ps.startOver': '重新开始（删除已保存的集群）',
  'ps.startOverConfirm': '删除已保存的集群，并用默认设置新建一个集群？编辑器中的文本会保留。',
  'ps.startOverDone': '已重新开始：新集群已创建，已保存的集群已删除。',
  'ps.saved': '已保存在此浏览器中',
  'ps.exported': '场景已导出：{count} 个对象。',
  'ps.shareCopied': '分享链接已复制（{size} 个字符）。打开它的人会得到这个集群。',
  'ps.shareShown': '复制这个分享链接：',
  'ps.shareTooBig': '这个场景太大，无法放进链接（{size} 个字符，上限 {limit}）。请导出为文件。',
  'ps.importConfirm': '用场景“{name}”（{count} 个对象，{workers} 个工作节点）替换当前集群？目前已 apply 的内容将丢失（如需保留请先导出）。',
  'ps.linkConfirm': '此链接包含场景“{name}”（{count} 个对象）。用它替换当前集群？目前已 apply 的内容将丢失。',
  'ps.imported': '场景“{name}”已加载：已 apply {count} 个对象。',
  'ps.importPartial': '场景“{name}”已加载，但 {count} 个对象中有 {failed} 个被 API server 拒绝：{message}',
  'ps.refused': '场景被拒绝；你的集群没有改变。',
  'ps.untitled': '未命名',
  'ps.failed': '操作失败：{message}',
  'ps.crashed': '模拟引擎崩溃了（{message}）。正在从上次保存的状态重新启动…',
  'ps.recovered': '引擎已从保存的集群重新启动；重放了 {replayed} 个最近的操作。你 apply 的内容没有丢失。',
  'ps.recoveredNoReplay': '引擎已从保存的集群重新启动。',
  'ps.recoverSkipped': '重放最后一个操作时引擎再次崩溃，因此丢弃了该操作；集群恢复为它之前保存的状态。',
  'ps.recoverGaveUp': '引擎反复崩溃。请重新加载页面；已保存的集群会保留。',
  'ps.restoreFailed': '无法恢复已保存的集群（{message}）；已新建一个集群。',
  'ps.dismiss': '关闭',
  'issue.tooLarge': '太大（上限 {detail}）',
  'issue.notJson': '不是有效的 JSON：{detail}',
  'issue.notObject': '必须是对象',
  'issue.wrongFormat': '不是 kube-sandbox 场景（format 为 {detail}）',
  'issue.wrongVersion': '不支持的版本 {detail}；本沙盒读取版本 1',
  'issue.missing': '缺失',
  'issue.unknownField': '不是场景的字段',
  'issue.notString': '必须是非空文本',
  'issue.notInteger': '必须是整数（实际为 {detail}）',
  'issue.outOfRange': '超出范围（{detail}）',
  'issue.notOneOf': '必须是以下之一：{detail}',
  'issue.notArray': '必须是列表',
  'issue.tooMany': '条目太多（上限 {detail}）',
  'issue.tooDeep': '嵌套太深（上限 {detail}）',
  'issue.badEncoding': '链接已损坏（不是 base64url + deflate-raw 的 JSON）',
};

export const persistMessages = { en, zh };
export type PersistMessageId = keyof typeof en;
export type PersistT = (id: PersistMessageId, params?: Record<string, string | number>) => string;

export function translatePersist(lang: Lang, id: PersistMessageId, params?: Record<string, string | number>): string {
  const text = persistMessages[lang][id] ?? en[id];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole));
}

export function usePersistT(): PersistT {
  const lang = useUiStore((s) => s.lang);
  return useCallback<PersistT>((id, params) => translatePersist(lang, id, params), [lang]);
}

/** In the language selected now (for code outside render). */
export const persistTNow: PersistT = (id, params) => translatePersist(uiStore.getState().lang, id, params);

/** One line per issue: `manifests[2].kind: is missing`. */
export function issueLines(issues: readonly ScenarioIssue[], t: PersistT): string[] {
  return issues.map((i) => `${i.path}: ${t(`issue.${i.code}` satisfies `issue.${IssueCode}`, i.detail !== undefined ? { detail: i.detail } : {})}`);
}
