// What the UI's etcd view shows: the keys the API server keeps, with etcd's revisions.

export interface EtcdKeyInfo {
  /** `/registry/pods/default/web` */
  key: string;
  /** the store's resource ('pods', 'shirts.stable.example.com') */
  resource: string;
  kind: string;
  namespace?: string;
  name: string;
  /** the revision that created the key */
  createRevision: number;
  /** the revision of its last change: the object's resourceVersion */
  modRevision: number;
  /** how many times it was written since it was created */
  version: number;
}
