import { describe, expect, it } from 'vitest';
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { attachmentName, isAttachRequired, isMultiAttachAllowed, type CSIDriverObject } from './volumeattachment';

const pv = (modes?: string[], driver?: string): PersistentVolume => ({
  spec: { accessModes: modes, ...(driver ? { csi: { driver, volumeHandle: 'h' } } : { hostPath: { path: '/x' } }) },
});

describe('VolumeAttachment helpers', () => {
  it('names an attachment csi-<sha256(volumeHandle + driver + node)> as getAttachmentName does', () => {
    // sha256("vol-0123456789abcdef0disk.csi.kube-sandbox.devnode-1"), computed outside the engine
    expect(attachmentName('vol-0123456789abcdef0', 'disk.csi.kube-sandbox.dev', 'node-1')).toBe('csi-79a8cba1452886a978178e944e315108d9d99767d217b1ab8de28fbc633b411f');
    expect(attachmentName('vol-0123456789abcdef0', 'disk.csi.kube-sandbox.dev', 'node-2')).not.toBe(attachmentName('vol-0123456789abcdef0', 'disk.csi.kube-sandbox.dev', 'node-1'));
  });

  it('allows several nodes only for ReadWriteMany, ReadOnlyMany, or no access mode at all', () => {
    expect(isMultiAttachAllowed(pv(['ReadWriteOnce']))).toBe(false);
    expect(isMultiAttachAllowed(pv(['ReadWriteOncePod']))).toBe(false);
    expect(isMultiAttachAllowed(pv(['ReadWriteOnce', 'ReadOnlyMany']))).toBe(true);
    expect(isMultiAttachAllowed(pv(['ReadWriteMany']))).toBe(true);
    expect(isMultiAttachAllowed(pv([]))).toBe(true);
  });

  it('attaches CSI volumes unless their CSIDriver says attachRequired: false', () => {
    const drivers: Record<string, CSIDriverObject> = {
      'nfs.csi.k8s.io': { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'nfs.csi.k8s.io' }, spec: { attachRequired: false } },
    };
    const lookup = (n: string) => drivers[n];
    expect(isAttachRequired(pv(['ReadWriteOnce'], 'disk.csi.kube-sandbox.dev'), lookup)).toBe(true);
    expect(isAttachRequired(pv(['ReadWriteMany'], 'nfs.csi.k8s.io'), lookup)).toBe(false);
    expect(isAttachRequired(pv(['ReadWriteOnce']), lookup)).toBe(false);
  });
});
