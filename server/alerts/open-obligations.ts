import type { ObligationFeed } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import type { ObligationsRepo } from './obligations-repo.js';
import { trackUnsettledWrites } from './unsettled-writes.js';

export type OpenObligations = {
  /** The repo to write obligations through, so the copy follows; its `open()` reads the copy. */
  repo: ObligationsRepo;
  /** Call at the start of a pass, outside any transaction of ours: re-reads every obligation written since. */
  settle(): void;
};

/**
 * The open reporting clocks in memory, for the rules pass (issue 19.2: with 1,000 running clocks, reading them
 * back on every pass was ~2.4 ms of the 1 s tick's 7.5, and a line crossing that lands during the tick waits for
 * all of it). As with the open alerts (open-alerts.ts): every obligation is written through the engine's repo
 * (the desk's actions and the clocks' planner both use it), so the copy follows each write; a write may be rolled
 * back with its transaction, so every id written is read again at the start of the next pass (`settle`), when no
 * transaction of ours is open, and the copy is then exactly what is committed. Loaded on first use.
 */
export function trackOpenObligations(db: Db, repo: ObligationsRepo): OpenObligations {
  let byId: Map<number, ObligationFeed> | undefined;
  // In id order, rebuilt after a change: the pass reads it every second, the clocks change far less often.
  let list: ObligationFeed[] | undefined;
  const writes = trackUnsettledWrites(db);

  function put(id: number, row: ObligationFeed | undefined): void {
    if (!byId) return;
    if (row?.state === 'open') byId.set(id, row);
    else byId.delete(id);
    list = undefined;
  }

  function loaded(): Map<number, ObligationFeed> {
    if (!byId) {
      byId = new Map(repo.open().map((o) => [o.id, o]));
      list = undefined;
      writes.loaded();
    }
    return byId;
  }

  const written = (row: ObligationFeed): ObligationFeed => {
    writes.written(row.id);
    put(row.id, row);
    return row;
  };

  return {
    repo: {
      ...repo,
      create: (o, at) => written(repo.create(o, at)),
      finish: (id, state, at, by, note) => written(repo.finish(id, state, at, by, note)),
      open(): ObligationFeed[] {
        const rows = loaded();
        list ??= [...rows.values()].sort((a, b) => a.id - b.id);
        return [...list];
      },
    },
    settle(): void {
      if (!byId) return;
      writes.settle(
        (id) => put(id, repo.get(id)),
        () => {
          byId = undefined;
          loaded();
        },
      );
    },
  };
}
