/**
 * The net membership change of one request, for the recorder: a member added and removed again
 * in the same PATCH is neither. `touched` says whether any row changed at all, which is what
 * decides a new version of the group.
 */
export class MembershipDelta {
  private readonly addedIds = new Set<string>();
  private readonly removedIds = new Set<string>();
  touched = false;

  added(ids: readonly string[]): void {
    for (const id of ids) {
      this.touched = true;
      if (!this.removedIds.delete(id)) this.addedIds.add(id);
    }
  }

  removed(ids: readonly string[]): void {
    for (const id of ids) {
      this.touched = true;
      if (!this.addedIds.delete(id)) this.removedIds.add(id);
    }
  }

  /** Every member added or removed (net): whose `groups` changed. */
  changedIds(): string[] {
    return [...this.addedIds, ...this.removedIds];
  }

  /** The delta as the recorder stores it; empty lists are left out. */
  toChange(): { membersAdded?: string[]; membersRemoved?: string[] } {
    return {
      ...(this.addedIds.size > 0 && { membersAdded: [...this.addedIds] }),
      ...(this.removedIds.size > 0 && { membersRemoved: [...this.removedIds] }),
    };
  }
}
