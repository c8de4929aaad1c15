// Installing the bootstrap policy at cluster start: the API server's rbac/bootstrap-roles post-start
// hook writes the default ClusterRoles and ClusterRoleBindings, then `kubeadm init` binds its
// kubeadm:cluster-admins group to cluster-admin.
// UPSTREAM: pkg/registry/rbac/rest/storage_rbac.go (PostStartHook), cmd/kubeadm/app/cmd/phases/init (EnsureAdminClusterRoleBinding)

import type { KubeObject } from '../../../api/meta';
import type { Client } from '../../../client/clientset';
import { clusterRoleBindings, clusterRoles, kubeadmClusterAdminsBinding } from './policy';

export function createBootstrapPolicy(apiserver: Client, kubeadm: Client): void {
  for (const role of clusterRoles()) apiserver.create(role as KubeObject);
  for (const binding of clusterRoleBindings()) apiserver.create(binding as KubeObject);
  kubeadm.create(kubeadmClusterAdminsBinding());
}
