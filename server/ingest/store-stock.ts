// Over 250 lines on purpose: the stock ledger writer; movements and counts share the balance, lot (FEFO) and
// ledger statements and write them in one transaction, so they stay together.
import type { StockCount, StockMovement } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { Change } from './changes.js';

type LedgerKind = 'in' | 'out' | 'transfer_out' | 'transfer_in' | 'adjust' | 'count';
type LedgerRow = {
  warehouse: string;
  item: string;
  kind: LedgerKind;
  delta: number;
  at: number;
  counterpart?: string | undefined;
  incident?: string | undefined;
  team?: string | undefined;
  dispatch?: number | undefined;
  lotBatch?: string | undefined;
  docNo?: string | undefined;
  reason?: string | undefined;
};

/**
 * Prepares the stock ledger writer. Each movement appends ledger rows with the balance they leave, and keeps
 * the current balance and lots beside them in the same transaction. Stock leaves by lot when one is named,
 * otherwise first-expiring first (FEFO), so the lots that would spoil go out first.
 */
export function createStockWriter(db: Db) {
  const getBalance = db.prepare<[string, string], { quantity: number }>(
    'SELECT quantity FROM stock_balance WHERE warehouse = ? AND item = ?',
  );
  const setBalance = db.prepare(
    `INSERT INTO stock_balance (warehouse, item, quantity, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (warehouse, item) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
  );
  const insertLedger = db.prepare(
    `INSERT INTO stock_ledger (journal_seq, warehouse, item, kind, delta, balance_after, at, received_at,
       counterpart, incident, lot_batch, doc_no, reason, team, dispatch)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const lotsOf = db.prepare<[string, string], { batch: string; expires_on: string | null; quantity: number }>(
    `SELECT batch, expires_on, quantity FROM stock_lots WHERE warehouse = ? AND item = ? AND quantity > 0
     ORDER BY expires_on IS NULL, expires_on, batch`,
  );
  const addToLot = db.prepare(
    `INSERT INTO stock_lots (warehouse, item, batch, expires_on, quantity) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (warehouse, item, batch) DO UPDATE SET quantity = quantity + excluded.quantity,
       expires_on = COALESCE(excluded.expires_on, expires_on)`,
  );
  const setLot = db.prepare(
    'UPDATE stock_lots SET quantity = ? WHERE warehouse = ? AND item = ? AND batch = ?',
  );
  const clearLots = db.prepare('DELETE FROM stock_lots WHERE warehouse = ? AND item = ?');

  const incidentExists = db.prepare<[string], number>('SELECT 1 FROM incidents WHERE code = ?').pluck();

  // The open dispatch of a team to an incident, or its latest when the team is back (stock reported late).
  const dispatchOf = db
    .prepare<[string, string], number>(
      `SELECT id FROM team_dispatches WHERE team = ? AND incident = ?
       ORDER BY returned_at IS NOT NULL, departed_at DESC, id DESC LIMIT 1`,
    )
    .pluck();

  const balanceOf = (warehouse: string, item: string) => getBalance.get(warehouse, item)?.quantity ?? 0;

  // Stock sent to an incident nobody reported would be linked to nothing and lost from its accounts (issue 13).
  function requireIncident(code: string | undefined): void {
    if (code === undefined || incidentExists.get(code) !== undefined) return;
    throw new Refusal(
      'UNKNOWN_REFERENCE',
      `incident: no incident "${code}" has been reported; send its incident.report first`,
      'incident',
    );
  }

  // Stock named as going with a team must go with one of its dispatches, or it would be tied to a trip never made.
  function requireDispatch(team: string | undefined, incident: string | undefined): number | undefined {
    if (team === undefined || incident === undefined) return undefined;
    const id = dispatchOf.get(team, incident);
    if (id !== undefined) return id;
    throw new Refusal(
      'UNKNOWN_REFERENCE',
      `team: team "${team}" has not been dispatched to "${incident}"; send its team.dispatch first`,
      'team',
    );
  }

  function append(row: LedgerRow, seq: number, receivedAt: number): number {
    const before = balanceOf(row.warehouse, row.item);
    const after = before + row.delta;
    if (after < 0) {
      throw new Refusal(
        'INSUFFICIENT_STOCK',
        `quantity: ${row.warehouse} holds ${before} of ${row.item}; cannot take ${-row.delta}. Send a stock.count if the books are wrong`,
        'quantity',
      );
    }
    insertLedger.run(
      seq,
      row.warehouse,
      row.item,
      row.kind,
      row.delta,
      after,
      row.at,
      receivedAt,
      row.counterpart ?? null,
      row.incident ?? null,
      row.lotBatch ?? null,
      row.docNo ?? null,
      row.reason ?? null,
      row.team ?? null,
      row.dispatch ?? null,
    );
    setBalance.run(row.warehouse, row.item, after, receivedAt);
    return after;
  }

  // Removes `quantity` from lots (a named one, or first-expiring first) and returns what left each lot.
  function takeFromLots(warehouse: string, item: string, quantity: number, batch?: string) {
    const lots = lotsOf.all(warehouse, item);
    const taken: { batch: string; expiresOn: string | null; quantity: number }[] = [];
    if (batch !== undefined) {
      const lot = lots.find((l) => l.batch === batch);
      if (!lot || lot.quantity < quantity) {
        throw new Refusal(
          'INSUFFICIENT_STOCK',
          `lot.batch: lot "${batch}" holds ${lot?.quantity ?? 0}, not ${quantity}`,
          'lot.batch',
        );
      }
      setLot.run(lot.quantity - quantity, warehouse, item, batch);
      return [{ batch, expiresOn: lot.expires_on, quantity }];
    }
    // Unlotted stock (balance minus lots) goes last only if lots cannot cover the movement.
    let remaining = quantity;
    for (const lot of lots) {
      if (remaining === 0) break;
      const take = Math.min(lot.quantity, remaining);
      setLot.run(lot.quantity - take, warehouse, item, lot.batch);
      taken.push({ batch: lot.batch, expiresOn: lot.expires_on, quantity: take });
      remaining -= take;
    }
    return taken;
  }

  /** A movement, and the incident it names (whose details list the stock issued for it). */
  function movement(msg: StockMovement, seq: number, receivedAt: number): Change[] {
    const changes = balanceMovement(msg, seq, receivedAt);
    return msg.incident === undefined ? changes : [...changes, { kind: 'incident', incident: msg.incident }];
  }

  function balanceMovement(msg: StockMovement, seq: number, receivedAt: number): Change[] {
    requireIncident(msg.incident);
    const dispatch = requireDispatch(msg.team, msg.incident);
    const at = Date.parse(msg.at);
    const common = {
      item: msg.item,
      at,
      incident: msg.incident,
      team: msg.team,
      dispatch,
      docNo: msg.docNo,
      reason: msg.reason,
    };
    const lotBatch = msg.lot?.batch;
    switch (msg.kind) {
      case 'in':
        append(
          { ...common, warehouse: msg.warehouse, kind: 'in', delta: msg.quantity, lotBatch },
          seq,
          receivedAt,
        );
        if (msg.lot)
          addToLot.run(msg.warehouse, msg.item, msg.lot.batch, msg.lot.expiresOn ?? null, msg.quantity);
        return [{ kind: 'stock', warehouse: msg.warehouse, item: msg.item }];
      case 'out':
        append(
          { ...common, warehouse: msg.warehouse, kind: 'out', delta: -msg.quantity, lotBatch },
          seq,
          receivedAt,
        );
        takeFromLots(msg.warehouse, msg.item, msg.quantity, lotBatch);
        return [{ kind: 'stock', warehouse: msg.warehouse, item: msg.item }];
      case 'adjust':
        append(
          { ...common, warehouse: msg.warehouse, kind: 'adjust', delta: msg.quantity, lotBatch },
          seq,
          receivedAt,
        );
        if (msg.quantity < 0) takeFromLots(msg.warehouse, msg.item, -msg.quantity, lotBatch);
        else if (msg.lot)
          addToLot.run(msg.warehouse, msg.item, msg.lot.batch, msg.lot.expiresOn ?? null, msg.quantity);
        return [{ kind: 'stock', warehouse: msg.warehouse, item: msg.item }];
      case 'transfer': {
        const to = msg.to as string;
        append(
          {
            ...common,
            warehouse: msg.warehouse,
            kind: 'transfer_out',
            delta: -msg.quantity,
            counterpart: to,
            lotBatch,
          },
          seq,
          receivedAt,
        );
        const moved = takeFromLots(msg.warehouse, msg.item, msg.quantity, lotBatch);
        append(
          {
            ...common,
            warehouse: to,
            kind: 'transfer_in',
            delta: msg.quantity,
            counterpart: msg.warehouse,
            lotBatch,
          },
          seq,
          receivedAt,
        );
        for (const lot of moved) addToLot.run(to, msg.item, lot.batch, lot.expiresOn, lot.quantity);
        return [
          { kind: 'stock', warehouse: msg.warehouse, item: msg.item },
          { kind: 'stock', warehouse: to, item: msg.item },
        ];
      }
    }
  }

  function count(msg: StockCount, seq: number, receivedAt: number): Change[] {
    const before = balanceOf(msg.warehouse, msg.item);
    append(
      {
        warehouse: msg.warehouse,
        item: msg.item,
        kind: 'count',
        delta: msg.quantity - before,
        at: Date.parse(msg.at),
      },
      seq,
      receivedAt,
    );
    if (msg.lots) {
      clearLots.run(msg.warehouse, msg.item);
      for (const lot of msg.lots)
        addToLot.run(msg.warehouse, msg.item, lot.batch, lot.expiresOn ?? null, lot.quantity);
    } else {
      // A count without lots keeps the known lots but never lets them add up to more than was counted.
      const lotted = lotsOf.all(msg.warehouse, msg.item).reduce((sum, lot) => sum + lot.quantity, 0);
      if (lotted > msg.quantity) takeFromLots(msg.warehouse, msg.item, lotted - msg.quantity);
    }
    return [{ kind: 'stock', warehouse: msg.warehouse, item: msg.item }];
  }

  return { movement, count };
}
