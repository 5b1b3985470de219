import type { Outgoing } from './source.js';

const CASUALTIES = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };

/**
 * The stream of one field source: mostly gauge readings on a slow wave that crosses the warning line (so alerts
 * open, escalate and close), with stock receipts and issues, incident reports and follow-ups, and small
 * batches mixed in. Ids are `prefix-n`; a batch's messages are `prefix-n.k`.
 */
export function fieldSource(options: {
  prefix: string;
  station: string;
  warehouse: string;
  township: string;
  /** Seconds per wave; each source has its own, so their alerts do not open in step. */
  periodSeconds: number;
  /** The line the wave crosses. */
  line: number;
}): (n: number) => Outgoing {
  const { prefix, station, warehouse, township } = options;
  let lastIncident: string | undefined;
  const level = (at: number) =>
    Number((options.line + 0.5 * Math.sin((2 * Math.PI * at) / (options.periodSeconds * 1000))).toFixed(3));
  const reading = (id: string, at: number) => ({
    type: 'reading',
    id,
    station,
    observedAt: new Date(at).toISOString(),
    level: level(at),
  });
  return (n) => {
    const id = `${prefix}-${n}`;
    const at = Date.now();
    const iso = new Date(at).toISOString();
    let msg: object;
    if (n % 40 === 39) {
      msg = {
        type: 'batch',
        id,
        messages: [0, 1, 2].map((k) => reading(`${id}.${k}`, at - (2 - k))),
      };
    } else if (n % 10 === 5) {
      const item = n % 20 === 5 ? 'TENT' : 'BAG';
      msg = { type: 'stock.movement', id, warehouse, item, kind: 'in', quantity: 1 + (n % 5), at: iso };
    } else if (n % 25 === 12) {
      // Often more than is held: INSUFFICIENT_STOCK is a final answer the source must accept.
      msg = { type: 'stock.movement', id, warehouse, item: 'TENT', kind: 'out', quantity: 4, at: iso };
    } else if (n % 200 === 100) {
      lastIncident = `${prefix}-i${n}`;
      msg = {
        type: 'incident.report',
        id,
        incident: lastIncident,
        category: 'natural',
        kind: 'flood',
        title: `内涝 ${prefix} ${n}`,
        township,
        occurredAt: iso,
        casualties: CASUALTIES,
        directLossYuan: 10_000 * n,
      };
    } else if (n % 50 === 25 && lastIncident) {
      msg = {
        type: 'incident.update',
        id,
        incident: lastIncident,
        at: iso,
        casualties: { evacuated: n, injuries: n % 3 },
        note: `续报 ${n}`,
      };
    } else {
      msg = reading(id, at);
    }
    return { id, frame: JSON.stringify(msg) };
  };
}

/** Ids inside an acked batch frame, which the journal keeps as messages of their own. */
export function innerIds(frame: string): string[] {
  const msg = JSON.parse(frame) as { type: string; messages?: { id: string }[] };
  return msg.type === 'batch' ? (msg.messages ?? []).map((m) => m.id) : [];
}
