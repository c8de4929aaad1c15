// Semantic validation of the storage kinds: PersistentVolume, PersistentVolumeClaim (create and
// update) and StorageClass (create and update).
// UPSTREAM: pkg/apis/core/validation/validation.go (ValidatePersistentVolumeSpec,
//           ValidatePersistentVolumeUpdate, ValidatePersistentVolumeClaimSpec,
//           ValidatePersistentVolumeClaimUpdate), pkg/apis/storage/validation/validation.go
// SIMPLIFICATION: volume sources other than hostPath, local, nfs and csi are left to the schema; the
// diff that "is immutable" errors append is a short field list (upstream prints a go-cmp diff).

import { child, forbidden, index, invalid, notSupported, required, type ErrorList } from './field-errors';
import { isDNS1123Subdomain, isQualifiedName } from './names';
import { asArray, asObj, asString, sortedEntries, validateLabelSelector, type Obj } from './object-meta';
import { quantityValue } from './core';
import { ACCESS_MODES, PERSISTENT_VOLUME_SOURCES, ReadWriteOncePod } from '../../api/volume';

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const STORAGE_CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const VOLUME_BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const NODE_SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'];
const SORTED_ACCESS_MODES = [...ACCESS_MODES].sort();

function quantityText(q: unknown): string {
  return typeof q === 'number' ? String(q) : asString(q);
}

/** ValidatePositiveQuantityValue. */
function validatePositiveQuantity(q: unknown, path: string): ErrorList {
  const v = quantityValue(q);
  return v !== undefined && v <= 0 ? [invalid(path, quantityText(q), 'must be greater than zero')] : [];
}

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): ErrorList {
  const list = asArray(modes).map(asString);
  const errs: ErrorList = [];
  if (list.length === 0) errs.push(required(path, requiredDetail));
  for (const m of list) if (!(ACCESS_MODES as readonly string[]).includes(m)) errs.push(notSupported(path, m, SORTED_ACCESS_MODES));
  if (list.includes(ReadWriteOncePod) && list.some((m) => m !== ReadWriteOncePod)) {
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

function validateClassName(name: unknown, path: string): ErrorList {
  const s = asString(name);
  if (s === '') return [];
  return isDNS1123Subdomain(s).map((msg) => invalid(path, s, msg));
}

function validateVolumeMode(mode: unknown, path: string): ErrorList {
  return mode !== undefined && !VOLUME_MODES.includes(asString(mode)) ? [notSupported(path, mode, VOLUME_MODES)] : [];
}

function validateNoBacksteps(p: string, path: string): ErrorList {
  return p.split('/').includes('..') ? [invalid(path, p, "must not contain '..'")] : [];
}

/** validateVolumeNodeAffinity: returns whether a required node affinity was given. */
function validateVolumeNodeAffinity(affinity: unknown, path: string): { specified: boolean; errs: ErrorList } {
  const a = asObj(affinity);
  if (!a) return { specified: false, errs: [] };
  const req = asObj(a.required);
  if (!req) return { specified: false, errs: [required(child(path, 'required'), 'must specify required node constraints')] };
  const errs: ErrorList = [];
  const termsPath = child(path, 'required', 'nodeSelectorTerms');
  const terms = asArray(req.nodeSelectorTerms);
  if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'));
  terms.forEach((raw, i) => {
    const term = asObj(raw) ?? {};
    asArray(term.matchExpressions).forEach((r, j) => {
      const expr = asObj(r) ?? {};
      const p = index(child(index(termsPath, i), 'matchExpressions'), j);
      const op = asString(expr.operator);
      const values = asArray(expr.values);
      if (!NODE_SELECTOR_OPERATORS.includes(op)) errs.push(notSupported(child(p, 'operator'), op, NODE_SELECTOR_OPERATORS));
      else if ((op === 'In' || op === 'NotIn') && values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      for (const msg of isQualifiedName(asString(expr.key))) errs.push(invalid(child(p, 'key'), asString(expr.key), msg));
    });
  });
  return { specified: true, errs };
}

function validateSource(name: string, source: Obj, path: string): ErrorList {
  const errs: ErrorList = [];
  switch (name) {
    case 'hostPath': {
      const p = asString(source.path);
      if (p === '') errs.push(required(child(path, 'path')));
      else errs.push(...validateNoBacksteps(p, child(path, 'path')));
      if (source.type !== undefined && !HOST_PATH_TYPES.includes(asString(source.type))) errs.push(notSupported(child(path, 'type'), source.type, HOST_PATH_TYPES));
      break;
    }
    case 'local': {
      const p = asString(source.path);
      if (p === '') errs.push(required(child(path, 'path')));
      else errs.push(...validateNoBacksteps(p, child(path, 'path')));
      break;
    }
    case 'nfs': {
      if (asString(source.server) === '') errs.push(required(child(path, 'server')));
      const p = asString(source.path);
      if (p === '') errs.push(required(child(path, 'path')));
      else if (!p.startsWith('/')) errs.push(invalid(child(path, 'path'), p, 'must be an absolute path'));
      break;
    }
    case 'csi':
      if (asString(source.driver) === '') errs.push(required(child(path, 'driver')));
      if (asString(source.volumeHandle) === '') errs.push(required(child(path, 'volumeHandle')));
      break;
  }
  return errs;
}

/** ValidatePersistentVolume (the spec part; ObjectMeta is validated by the caller). */
export function validatePersistentVolume(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [...validateAccessModes(spec.accessModes, 'spec.accessModes', '')];
  const capacity = asObj(spec.capacity);
  const capKeys = Object.keys(capacity ?? {});
  if (capKeys.length === 0) errs.push(required('spec.capacity'));
  if (!capKeys.includes('storage') || capKeys.length > 1) errs.push(notSupported('spec.capacity', capacity ?? null, ['storage']));
  for (const [r, q] of sortedEntries(capacity)) errs.push(...validatePositiveQuantity(q, `spec.capacity[${r}]`));
  const policy = asString(spec.persistentVolumeReclaimPolicy);
  if (policy !== '' && !RECLAIM_POLICIES.includes(policy)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  const affinity = validateVolumeNodeAffinity(spec.nodeAffinity, 'spec.nodeAffinity');
  errs.push(...affinity.errs);
  let numVolumes = 0;
  for (const name of PERSISTENT_VOLUME_SOURCES) {
    const source = asObj(spec[name]);
    if (!source) continue;
    if (numVolumes > 0) {
      errs.push(forbidden(child('spec', name), 'may not specify more than 1 volume type'));
      continue;
    }
    numVolumes++;
    errs.push(...validateSource(name, source, child('spec', name)));
    if (name === 'local' && !affinity.specified) errs.push(required('metadata.annotations', 'Local volume requires node affinity'));
  }
  if (numVolumes === 0) errs.push(required('spec', 'must specify a volume type'));
  const hostPath = asObj(spec.hostPath);
  if (hostPath && asString(hostPath.path).replace(/\/+$/, '') === '' && asString(hostPath.path) !== '' && policy === 'Recycle') {
    errs.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimSpec (plus ObjectMeta by the caller). */
export function validatePersistentVolumeClaim(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  const modes = asArray(spec.accessModes);
  if (modes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  if (spec.selector !== undefined) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (modes.length > 0) errs.push(...validateAccessModes(modes, 'spec.accessModes', ''));
  const requests = asObj(asObj(spec.resources)?.requests) ?? {};
  if (!('storage' in requests)) errs.push(required('spec.resources[storage]'));
  else errs.push(...validatePositiveQuantity(requests.storage, 'spec.resources[storage]'));
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  return errs;
}

/** ValidateStorageClass (plus ObjectMeta by the caller). */
export function validateStorageClass(obj: Obj): ErrorList {
  const errs: ErrorList = [];
  const provisioner = asString(obj.provisioner);
  if (provisioner !== '') for (const msg of isQualifiedName(provisioner.toLowerCase())) errs.push(invalid('provisioner', provisioner.toLowerCase(), msg));
  if (obj.reclaimPolicy !== undefined && asString(obj.reclaimPolicy) !== '' && !STORAGE_CLASS_RECLAIM_POLICIES.includes(asString(obj.reclaimPolicy))) {
    errs.push(notSupported('reclaimPolicy', obj.reclaimPolicy, STORAGE_CLASS_RECLAIM_POLICIES));
  }
  if (obj.volumeBindingMode !== undefined && !VOLUME_BINDING_MODES.includes(asString(obj.volumeBindingMode))) {
    errs.push(notSupported('volumeBindingMode', obj.volumeBindingMode, VOLUME_BINDING_MODES));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Updates (these run with the stored object: ../admission/chain.ts)

function goFieldName(json: string): string {
  return json.charAt(0).toUpperCase() + json.slice(1);
}

/**
 * A short stand-in for the go-cmp diff the server appends: the changed fields of `typeName`, old
 * value then new, as JSON. Example: `  core.PersistentVolumeClaimSpec{\n- \tAccessModes: ["ReadWriteOnce"],\n+ ...`.
 */
function specDiff(typeName: string, oldSpec: Obj, newSpec: Obj, fields: readonly string[]): string {
  const lines = [`  ${typeName}{`];
  let same = 0;
  for (const f of fields) {
    const a = JSON.stringify(oldSpec[f] ?? null);
    const b = JSON.stringify(newSpec[f] ?? null);
    if (a === b) {
      same++;
      continue;
    }
    lines.push(`- \t${goFieldName(f)}: ${a},`, `+ \t${goFieldName(f)}: ${b},`);
  }
  if (same > 0) lines.push(`  \t... // ${same} identical fields`);
  lines.push('  }');
  return lines.join('\n');
}

const CLAIM_SPEC_FIELDS = ['accessModes', 'selector', 'resources', 'volumeName', 'storageClassName', 'volumeMode', 'dataSource', 'dataSourceRef', 'volumeAttributesClassName'];

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is fixed once created, except that volumeName may be
 * set once (the PV controller binds), a missing class may be filled in (the default class, assigned
 * late), and a bound claim may ask for more storage; requests never shrink.
 */
export function validatePersistentVolumeClaimUpdate(next: Obj, old: Obj): ErrorList {
  const newSpec = { ...(asObj(next.spec) ?? {}) };
  const oldSpec = { ...(asObj(old.spec) ?? {}) };
  if (asString(oldSpec.volumeName) === '') oldSpec.volumeName = newSpec.volumeName;
  if (oldSpec.storageClassName === undefined && asString(oldSpec.volumeName) === '' && newSpec.storageClassName !== undefined) oldSpec.storageClassName = newSpec.storageClassName;
  const newRequests = asObj(asObj(newSpec.resources)?.requests);
  const oldStorage = asObj(asObj(oldSpec.resources)?.requests)?.storage;
  const bound = asString(asObj(next.status)?.phase) === 'Bound';
  if (bound && newRequests) newSpec.resources = { ...asObj(newSpec.resources), requests: { ...newRequests, storage: oldStorage } };
  const errs: ErrorList = [];
  const defined = (s: Obj) => JSON.stringify(CLAIM_SPEC_FIELDS.map((f) => s[f] ?? null));
  if (defined(newSpec) !== defined(oldSpec)) {
    errs.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff('core.PersistentVolumeClaimSpec', oldSpec, newSpec, CLAIM_SPEC_FIELDS)}`));
  }
  const newSize = quantityValue(newRequests?.storage);
  const oldSize = quantityValue(oldStorage);
  if (newSize !== undefined && oldSize !== undefined && newSize < oldSize) {
    // RecoverVolumeExpansionFailure (GA in 1.34): a request may come back down after a failed
    // expansion, but never to status.capacity or below (volumes do not shrink).
    const capacity = quantityValue(asObj(asObj(old.status)?.capacity)?.storage);
    if (capacity === undefined) errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
    else if (newSize <= capacity) errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  return errs;
}

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode are fixed; node affinity once set. */
export function validatePersistentVolumeUpdate(next: Obj, old: Obj): ErrorList {
  const newSpec = asObj(next.spec) ?? {};
  const oldSpec = asObj(old.spec) ?? {};
  const errs: ErrorList = [];
  const sources = PERSISTENT_VOLUME_SOURCES as readonly string[];
  if (JSON.stringify(sources.map((f) => newSpec[f] ?? null)) !== JSON.stringify(sources.map((f) => oldSpec[f] ?? null))) {
    errs.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${specDiff('core.PersistentVolumeSource', oldSpec, newSpec, sources.filter((f) => newSpec[f] !== undefined || oldSpec[f] !== undefined))}`));
  }
  if (newSpec.volumeMode !== undefined && oldSpec.volumeMode !== undefined && newSpec.volumeMode !== oldSpec.volumeMode) {
    errs.push(invalid('volumeMode', newSpec.volumeMode, 'field is immutable'));
  }
  if (oldSpec.nodeAffinity !== undefined && JSON.stringify(newSpec.nodeAffinity ?? null) !== JSON.stringify(oldSpec.nodeAffinity)) {
    errs.push(invalid('nodeAffinity', newSpec.nodeAffinity ?? null, 'field is immutable'));
  }
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and volumeBindingMode are fixed. */
export function validateStorageClassUpdate(next: Obj, old: Obj): ErrorList {
  const errs: ErrorList = [];
  if (JSON.stringify(sortedEntries(next.parameters)) !== JSON.stringify(sortedEntries(old.parameters))) {
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  }
  if (asString(next.provisioner) !== asString(old.provisioner)) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (asString(next.reclaimPolicy) !== asString(old.reclaimPolicy)) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (asString(next.volumeBindingMode) !== asString(old.volumeBindingMode)) errs.push(invalid('volumeBindingMode', next.volumeBindingMode, 'field is immutable'));
  return errs;
}
