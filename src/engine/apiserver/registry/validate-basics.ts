// The one check every create needs before anything else: a name.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMeta)
// Field-level validation (schemas, DNS names, labels, selectors) lives in ../validation.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { invalid } from '../errors';

export function validateBasics(obj: KubeObject, resource: ResourceInfo): ApiStatus | undefined {
  if (!obj.metadata?.name) {
    return invalid(resource, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
  }
  return undefined;
}
