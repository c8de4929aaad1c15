// `kubectl annotate TYPE NAME k=v k2-`: the same machinery as `kubectl label` (see label.ts).
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/annotate/annotate.go
// SIMPLIFICATION: no -f, --list, --local, --dry-run or --resource-version.

export { annotateFlags, runAnnotate } from './label';
