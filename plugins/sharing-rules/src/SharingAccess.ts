import type { DataBackend, ModelIndex, RecordOperation } from '@agent-studio/data';
import { ACCESS_RANK, NEEDED_LEVEL } from '@agent-studio/data';

/**
 * Record access checks for any user, for code outside an action (the approvals plugin checks that
 * an approver may see the record they approve, R-CTX-4).
 * @category Plugins
 */
export class SharingAccess {
  readonly #model: ModelIndex;
  readonly #backend: DataBackend;

  /**
   * @param model - the security model
   * @param backend - the backend
   */
  constructor(model: ModelIndex, backend: DataBackend) {
    this.#model = model;
    this.#backend = backend;
  }

  /**
   * Whether a user may do an operation on a record: object permission, then View All / Modify
   * All, then record-level sharing. Unknown or inactive users, objects and records: false.
   * @param userId - the user
   * @param object - the object
   * @param recordId - the record
   * @param operation - read, edit or delete
   * @returns true when allowed
   */
  async canAccess(userId: string, object: string, recordId: string, operation: RecordOperation): Promise<boolean> {
    const user = this.#model.user(userId);
    if (!user?.active || !this.#model.object(object)) return false;
    const p = this.#model.objectPermission(userId, object);
    if (!(operation === 'read' ? p.read : operation === 'edit' ? p.edit : p.delete)) return false;
    const level = await this.#backend.recordAccess(object, recordId, userId);
    if (level === undefined) return false;
    const all = this.#model.permissions(userId);
    const bypass = operation === 'read' ? p.viewAll || p.modifyAll || all.viewAllData || all.modifyAllData : p.modifyAll || all.modifyAllData;
    return bypass || ACCESS_RANK[level] >= ACCESS_RANK[NEEDED_LEVEL[operation]];
  }
}
