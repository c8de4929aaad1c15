// UI text of the storage and custom-resource lanes and the pod volume badge, in both languages.
// Kubernetes terms stay in English in the Chinese text (DESIGN.md). Kept here, not in the shared
// catalogue, so this area's text changes without touching src/ui/i18n.

import { useCallback } from 'react';
import { useUiStore, type Lang } from '../../stores/ui-store';

const en = {
  'storage.title': 'Storage',
  'storage.sub': 'PVC → PV → attach (VolumeAttachment, attach/detach controller) → mount (kubelet)',
  'storage.noVolume': 'no volume yet',
  'storage.waitingPod': 'waits for a pod (WaitForFirstConsumer)',
  'storage.attach': 'attach',
  'storage.mount': 'mount',
  'storage.noAttach': 'no attach needed',
  'storage.notMounted': 'no pod uses it',
  'storage.attached': 'attached',
  'storage.attaching': 'attaching',
  'storage.detaching': 'detaching',
  'storage.failed': 'attach failed',
  'storage.mounted': 'mounted',
  'storage.mounting': 'mounting',
  'storage.attachTitle': 'VolumeAttachment {name}: the attach/detach controller attached the volume to {node} (status.attached={attached})',
  'storage.mountTitle': 'The kubelet on {node} mounts the volume before it starts pod {pod}',
  'custom.title': 'Custom resources',
  'custom.sub': 'objects of CRD kinds, and what their controllers created for them (ownerReferences)',
  'custom.owns': 'owns',
  'custom.ownsNothing': 'owns nothing yet',
  'badge.title': 'Volumes from PersistentVolumeClaims:',
  'badge.line': '{claim}: {phase}, {attach}, {mount}',
  'badge.attachUnknown': 'no attach needed',
} as const;

export type StorageMessageId = keyof typeof en;

const zh: Record<StorageMessageId, string> = {
  'storage.title': '存储 Storage',
  'storage.sub': 'PVC → PV → attach（VolumeAttachment，由 attach/detach controller 挂接）→ mount（由 kubelet 挂载）',
  'storage.noVolume': '尚无 volume',
  'storage.waitingPod': '等待 Pod 使用（WaitForFirstConsumer）',
  'storage.attach': 'attach',
  'storage.mount': 'mount',
  'storage.noAttach': '无需 attach',
  'storage.notMounted': '没有 Pod 使用',
  'storage.attached': '已 attach',
  'storage.attaching': 'attach 中',
  'storage.detaching': 'detach 中',
  'storage.failed': 'attach 失败',
  'storage.mounted': '已 mount',
  'storage.mounting': 'mount 中',
  'storage.attachTitle': 'VolumeAttachment {name}：attach/detach controller 把 volume 挂接到 {node}（status.attached={attached}）',
  'storage.mountTitle': '{node} 上的 kubelet 在启动 Pod {pod} 之前挂载该 volume',
  'custom.title': '自定义资源 Custom resources',
  'custom.sub': 'CRD 定义的 kind 的对象，以及其 controller 为它们创建的对象（ownerReferences）',
  'custom.owns': '拥有',
  'custom.ownsNothing': '尚未拥有任何对象',
  'badge.title': '来自 PersistentVolumeClaim 的 volume：',
  'badge.line': '{claim}：{phase}，{attach}，{mount}',
  'badge.attachUnknown': '无需 attach',
};

export const storageMessages: Record<Lang, Record<StorageMessageId, string>> = { en, zh };

export function translateStorage(lang: Lang, id: StorageMessageId, params?: Record<string, string | number>): string {
  const text = storageMessages[lang][id] ?? en[id];
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

export function useStorageT(): (id: StorageMessageId, params?: Record<string, string | number>) => string {
  const lang = useUiStore((s) => s.lang);
  return useCallback((id, params) => translateStorage(lang, id, params), [lang]);
}
