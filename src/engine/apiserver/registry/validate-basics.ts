// The one check every create needs before anything else: a name.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMeta)
// Field-level validation (schemas, DNS names, labels, selectors) lives in ../validation.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { invalidStatus, required } from '../validation/field-errors';

export function validateBasics(obj: KubeObject, resource: ResourceInfo): ApiStatus | undefined {
  if (!obj.metadata?.name) {
    return invalidStatus(resource, '', [required('metadata.name', 'name or generateName is required')]);
  }
  return undefined;
}
