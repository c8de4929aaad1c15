// DefaultIngressClass: a new Ingress that names no class (neither spec.ingressClassName nor the
// deprecated kubernetes.io/ingress.class annotation) gets the IngressClass marked default.
// UPSTREAM: plugin/pkg/admission/network/defaultingressclass/admission.go
// When several classes are marked default, the newest wins (ties: the smaller name), as since 1.28;
// older releases refused the Ingress with "2 default IngressClasses were found, only 1 allowed".

import type { KubeObject } from '../../api/meta';

/** networkingv1.AnnotationIsDefaultIngressClass */
export const AnnotationIsDefaultIngressClass = 'ingressclass.kubernetes.io/is-default-class';
/** networkingv1beta1.AnnotationIngressClass (deprecated, still honoured) */
export const AnnotationIngressClass = 'kubernetes.io/ingress.class';

export interface IngressClassLister {
  list(): readonly KubeObject[];
}

/** getDefaultClass: the newest class annotated default, or undefined. */
export function getDefaultIngressClass(classes: readonly KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[AnnotationIsDefaultIngressClass] === 'true');
  const created = (c: KubeObject) => Date.parse(c.metadata.creationTimestamp ?? '') || 0;
  defaults.sort((a, b) => {
    const d = created(b) - created(a);
    if (d !== 0) return d;
    const an = a.metadata.name ?? '';
    const bn = b.metadata.name ?? '';
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
  return defaults[0];
}

/** Admit (create only): set spec.ingressClassName to the default class when the Ingress names none. */
export function admitDefaultIngressClass(ingress: KubeObject, classes: IngressClassLister): void {
  const spec = (ingress.spec ?? {}) as { ingressClassName?: string };
  if (spec.ingressClassName != null) return;
  if (ingress.metadata.annotations?.[AnnotationIngressClass]) return;
  const def = getDefaultIngressClass(classes.list());
  if (!def) return;
  ingress.spec = { ...spec, ingressClassName: def.metadata.name };
}
