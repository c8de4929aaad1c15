// UI text of the inspector's creation timeline (InspectorCreationChain.tsx), in both languages.
// Component and call names (kubelet, CRI, containerd, RunPodSandbox, runc start...) stay in English.
// Kept out of the shared catalogue; looked up with `chainText`.

import type { Lang } from '../stores/ui-store';

export const creationChainMessages = {
  en: {
    'chain.title': 'Creation chain',
    'chain.explain': 'What the kubelet on {node} called to create this pod: the CRI (containerd), its shim and runc, then each container.',
    'chain.none': 'No kubelet runs this pod yet (it is not bound to a node).',
    'chain.loading': 'Loading…',
    'chain.estimated': 'estimated',
    'chain.estimatedTitle': 'SIMPLIFICATION: the runtime is not simulated below the CRI; this step\'s time is invented.',
    'chain.truncated': 'Later steps (restarts) are not kept.',
    'chain.took': 'took {ms}',
  },
  zh: {
    'chain.title': '创建链',
    'chain.explain': '{node} 上的 kubelet 为创建这个 Pod 依次调用的组件：CRI（containerd）、shim 与 runc，然后是每个容器。',
    'chain.none': '还没有 kubelet 运行这个 Pod（它尚未绑定到节点）。',
    'chain.loading': '加载中…',
    'chain.estimated': '估计',
    'chain.estimatedTitle': '简化：CRI 以下的运行时没有被模拟，这一步的时间是虚构的。',
    'chain.truncated': '之后的步骤（重启）不再保留。',
    'chain.took': '耗时 {ms}',
  },
} as const;

export type ChainMessageId = keyof (typeof creationChainMessages)['en'];

/** The message in `lang` with `{name}` parameters filled in. */
export function chainText(lang: Lang, id: ChainMessageId, params?: Record<string, string | number>): string {
  const text: string = creationChainMessages[lang === 'zh' ? 'zh' : 'en'][id];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole)) : text;
}
