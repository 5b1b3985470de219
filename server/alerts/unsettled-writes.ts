import type { Db } from '../db/open-database.js';

/** What the in-memory copies of the database (open alerts, open reporting clocks) must remember to stay true. */
export type UnsettledWrites = {
  /** A row was written through the copy, inside a transaction that may yet be rolled back. */
  written(id: number): void;
  /** The copy was (re)loaded from the database just now. */
  loaded(): void;
  /**
   * Makes the copy what is committed: re-reads each row written since the last settle (`reread`), or everything
   * (`reload`) when the copy was loaded inside a transaction that may have been rolled back since.
   */
  settle(reread: (id: number) => void, reload: () => void): void;
};

/**
 * The bookkeeping both copies share. A write goes to the copy at once, but its transaction (a pass, an action)
 * may fail and be rolled back, so every id written is read again at the next settle; one made inside someone's
 * open transaction is read, but kept for the settle after it, when what is read is final. A copy first loaded
 * inside a pass's transaction (it loads on first use) is reloaded at the next settle outside one.
 */
export function trackUnsettledWrites(db: Db): UnsettledWrites {
  const unsettled = new Set<number>();
  let isLoadFinal = true;
  return {
    written(id) {
      unsettled.add(id);
    },
    loaded() {
      unsettled.clear();
      isLoadFinal = !db.inTransaction;
    },
    settle(reread, reload) {
      const isFinal = !db.inTransaction;
      if (isFinal && !isLoadFinal) {
        reload();
        return;
      }
      for (const id of unsettled) reread(id);
      if (isFinal) unsettled.clear();
    },
  };
}
