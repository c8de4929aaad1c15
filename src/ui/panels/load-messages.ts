// UI text of the inspector's Load control and HorizontalPodAutoscaler line, in both languages.
// Kubernetes terms (HPA, Deployment, ScalingLimited, kubectl) stay in English.
// Merged into src/ui/i18n/messages.ts.

export const loadMessages = {
  en: {
    'load.title': 'Load',
    'load.rps': '{rps} requests/s',
    'load.off': 'no load',
    'load.slider': 'Simulated load on {name}, requests per second',
    'load.explain': 'Simulated traffic: each request costs 5m CPU on a ready pod. An HPA scales on the resulting CPU utilisation.',
    'load.usage': 'CPU now: {cpu} of {request} requested over {pods} pods ({pct}%)',
    'load.usageNone': 'CPU now: no metrics yet (metrics-server reports a pod after two 15 s scrapes)',
    'load.failed': 'Load not set: {message}',
    'load.hpa': 'HorizontalPodAutoscaler',
    'load.hpaCpu': 'CPU {current} / {target} target',
    'load.hpaReplicas': 'replicas {current} now → {desired} desired (min {min}, max {max})',
    'load.noHpa': 'No HorizontalPodAutoscaler scales this {kind}. Try in the terminal:',
    'load.noHpaDaemonSet': 'A DaemonSet runs one pod per node: no HPA can scale it, so the load only raises each pod\'s CPU.',
    'pod.cpuTitle': 'CPU {cpu} of {request} requested ({pct}%)',
    'inspector.hpaTarget': 'Scales',
  },
  zh: {
    'load.title': '负载',
    'load.rps': '每秒 {rps} 个请求',
    'load.off': '无负载',
    'load.slider': '{name} 上的模拟负载（每秒请求数）',
    'load.explain': '模拟流量：每个请求在一个就绪的 Pod 上消耗 5m CPU。HPA 根据由此产生的 CPU 利用率扩缩容。',
    'load.usage': '当前 CPU：{pods} 个 Pod 共用 {cpu}，请求量 {request}（{pct}%）',
    'load.usageNone': '当前 CPU：尚无指标（metrics-server 在两次 15 秒采集后才报告一个 Pod）',
    'load.failed': '负载未设置：{message}',
    'load.hpa': 'HorizontalPodAutoscaler',
    'load.hpaCpu': 'CPU {current} / 目标 {target}',
    'load.hpaReplicas': '副本：当前 {current} → 期望 {desired}（最少 {min}，最多 {max}）',
    'load.noHpa': '没有 HorizontalPodAutoscaler 扩缩这个 {kind}。在终端中试试：',
    'load.noHpaDaemonSet': 'DaemonSet 在每个节点上运行一个 Pod：HPA 无法扩缩它，负载只会提高每个 Pod 的 CPU。',
    'pod.cpuTitle': 'CPU {cpu}，请求量 {request}（{pct}%）',
    'inspector.hpaTarget': '扩缩对象',
  },
} as const;
