import type { StoredDisk } from '../../state';

/** The attachment fields of the Disk data type: attaching until the attach operation completes. */
export function diskAttachmentView(r: StoredDisk, now: number) {
  const a = r.attachment;
  return {
    isAttached: a !== undefined,
    attachedTo: a?.instanceName ?? '',
    path: a?.path ?? '',
    attachmentState: !a ? 'detached' : now < a.attachedAtMs ? 'attaching' : 'attached',
    // Lightsail's block storage is provisioned at 3 IOPS per GB, at least 100.
    iops: Math.max(100, 3 * r.sizeInGb),
    gbInUse: 0,
  };
}
