// Over 250 lines on purpose: one bulk seeder per kind of stored data (readings, stock, incidents, closed and open
// alerts) for every benchmark that needs a full database; they share the journal writer and the seeded random,
// and each is one INSERT loop that reads best whole.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate } from '../server/db/migrate.js';
import type { Db } from '../server/db/open-database.js';
import { backfillSourcesLastSeen } from '../server/ingest/sources-last-seen.js';
import type { Config } from '../src/protocol/index.js';

/**
 * Fast, direct seeding of a collector database for the benchmarks: the migrations, then bulk INSERTs in large
 * transactions with `synchronous=OFF` (nothing here needs to survive a crash). Rows look like what the ingest
 * path stores — every reading, stock change and incident report has its journal row with body and hash — but
 * no validation runs.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TX_ROWS = 50_000;

/** A deterministic pseudo-random sequence (mulberry32), so every run seeds the same county. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opens (creating) a database for seeding and brings it to the current schema. */
export function openSeedDb(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  migrate(db);
  return db;
}

/** Checkpoints the WAL into the main file and closes, so the collector starts on a clean file. */
export function closeSeedDb(db: Db): void {
  // Seeds write the journal directly; the collector keeps this table as it writes (what a start reads).
  backfillSourcesLastSeen(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

type Journal = (token: string, msgId: string, type: string, receivedAt: number, msg: object) => number;

function journalWriter(db: Db): Journal {
  const insert = db.prepare(
    'INSERT INTO journal (seq, token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let seq = ((db.prepare('SELECT MAX(seq) AS n FROM journal').get() as { n: number | null }).n ?? 0) + 1;
  return (token, msgId, type, receivedAt, msg) => {
    const body = JSON.stringify(msg);
    insert.run(seq, token, msgId, type, receivedAt, createHash('sha256').update(body).digest('hex'), body);
    return seq++;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A level that wanders well below every line of the station: a quiet month. */
function quietLevel(station: Config['stations'][number], at: number): number {
  const wave = 0.5 * Math.sin((2 * Math.PI * at) / (3 * DAY));
  if (station.kind === 'reservoir' && station.reservoir) return station.reservoir.deadLevel + 1.5 + wave;
  if (station.gauge) return station.gauge.warningLevel - 2 + wave;
  return 10 + wave;
}

/**
 * `count` readings spread evenly over the `days` before `now`, round-robin over every station, each with its
 * journal row (token `token`, ascending ids as telemetry gateways number them).
 */
export function seedReadings(
  db: Db,
  config: Config,
  options: { count: number; days: number; now: number; token: string },
): void {
  const journal = journalWriter(db);
  const insert = db.prepare(
    `INSERT INTO readings (journal_seq, station, observed_at, received_at, level, flow, rain, sensor_fault)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const { count, days, now, token } = options;
  const step = (days * DAY) / count;
  const from = now - days * DAY;
  const stations = config.stations;
  const write = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const station = stations[i % stations.length] as Config['stations'][number];
      const at = Math.round(from + i * step);
      const level = Math.round(quietLevel(station, at) * 1000) / 1000;
      const flow = Math.round(level * 37 * 10) / 10;
      const rain = i % 97 === 0 ? 1.2 : 0;
      const msgId = `tel-${String(i).padStart(9, '0')}`;
      const receivedAt = at + 1500;
      const msg = {
        v: 1,
        type: 'reading',
        id: msgId,
        station: station.code,
        observedAt: iso(at),
        level,
        flow,
        rain,
      };
      const seq = journal(token, msgId, 'reading', receivedAt, msg);
      insert.run(seq, station.code, at, receivedAt, level, flow, rain);
    }
  });
  for (let start = 0; start < count; start += TX_ROWS) write(start, Math.min(count, start + TX_ROWS));
}

/**
 * Stock in every warehouse for every item it keeps a minimum of: a history of deliveries and issues over the
 * month, then a count. About one place in ten ends below its minimum; food and water come in dated lots.
 */
export function seedStock(
  db: Db,
  config: Config,
  options: { now: number; token: string; seed?: number },
): number {
  const journal = journalWriter(db);
  const rnd = random(options.seed ?? 7);
  const ledger = db.prepare(
    `INSERT INTO stock_ledger (journal_seq, warehouse, item, kind, delta, balance_after, at, received_at, doc_no)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const balance = db.prepare(
    'INSERT INTO stock_balance (warehouse, item, quantity, updated_at) VALUES (?, ?, ?, ?)',
  );
  const lot = db.prepare(
    'INSERT INTO stock_lots (warehouse, item, batch, expires_on, quantity) VALUES (?, ?, ?, ?, ?)',
  );
  let places = 0;
  db.transaction(() => {
    let n = 0;
    for (const w of config.warehouses) {
      for (const [item, minimum] of Object.entries(w.minimums ?? {})) {
        places += 1;
        let quantity = 0;
        const isLow = rnd() < 0.1;
        const target = Math.max(1, Math.round(minimum * (isLow ? 0.5 : 1.2 + rnd())));
        for (let k = 0; k < 8; k++) {
          const at = options.now - (30 - k * 3.5) * DAY + Math.round(rnd() * HOUR);
          const kind = k === 7 ? 'count' : k % 3 === 2 ? 'out' : 'in';
          const delta =
            kind === 'count'
              ? target - quantity
              : kind === 'out'
                ? -Math.floor(quantity * 0.2)
                : Math.ceil(target / 4);
          quantity += delta;
          n += 1;
          const msgId = `wh-${String(n).padStart(7, '0')}`;
          const type = kind === 'count' ? 'stock.count' : 'stock.movement';
          const msg =
            kind === 'count'
              ? { v: 1, type, id: msgId, warehouse: w.code, item, at: iso(at), quantity }
              : {
                  v: 1,
                  type,
                  id: msgId,
                  warehouse: w.code,
                  item,
                  kind,
                  quantity: Math.abs(delta),
                  at: iso(at),
                };
          const seq = journal(options.token, msgId, type, at + 60_000, msg);
          ledger.run(
            seq,
            w.code,
            item,
            kind === 'count' ? 'count' : kind,
            delta,
            quantity,
            at,
            at + 60_000,
            `D${n}`,
          );
        }
        balance.run(w.code, item, quantity, options.now - 2 * DAY);
        if (item === 'FOOD' || item === 'WATER') {
          const half = Math.floor(quantity / 2);
          lot.run(w.code, item, 'B1', iso(options.now + 20 * DAY).slice(0, 10), half);
          lot.run(w.code, item, 'B2', iso(options.now + 200 * DAY).slice(0, 10), quantity - half);
        }
      }
    }
  })();
  return places;
}

/** Casualty figures that make an incident 较大 (level III: three dead), or 一般 with a few injured. */
function casualties(isMajor: boolean, rnd: () => number) {
  return {
    deaths: isMajor ? 3 : 0,
    missing: 0,
    seriousInjuries: isMajor ? 2 : Math.floor(rnd() * 2),
    injuries: 1 + Math.floor(rnd() * 4),
    trapped: 0,
    evacuated: Math.floor(rnd() * 50),
  };
}

/** The six casualty figures in the order the incidents and incident_state tables list their columns. */
function casualtyColumns(c: ReturnType<typeof casualties>): number[] {
  return [c.deaths, c.missing, c.seriousInjuries, c.injuries, c.trapped, c.evacuated];
}

export type SeededIncident = { code: string; level: 3 | 4; isOpen: boolean; receivedAt: number };

/**
 * `count` incidents: `open` of them open and received within the last `openWithinMs` (the first `major` of
 * those 较大), the rest closed, received over the month before `now`, each with two follow-ups.
 */
export function seedIncidents(
  db: Db,
  config: Config,
  options: {
    count: number;
    open: number;
    major: number;
    now: number;
    token: string;
    openWithinMs?: number;
    seed?: number;
  },
): SeededIncident[] {
  const journal = journalWriter(db);
  const rnd = random(options.seed ?? 11);
  const incident = db.prepare(
    `INSERT INTO incidents (code, journal_seq, category, kind, title, township, village, location, occurred_at,
       received_at, deaths, missing, serious_injuries, injuries, trapped, evacuated, at_risk, direct_loss_yuan, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'open')`,
  );
  const state = db.prepare(
    `INSERT INTO incident_state (code, deaths, missing, serious_injuries, injuries, trapped, evacuated, at_risk,
       direct_loss_yuan, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  const update = db.prepare(
    'INSERT INTO incident_updates (journal_seq, incident, at, received_at, changes, note) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const kinds = [
    ['accident', 'traffic', '交通事故'],
    ['accident', 'production_safety', '生产安全事故'],
    ['natural', 'flood', '山洪灾害'],
    ['natural', 'landslide', '山体滑坡'],
    ['accident', 'fire', '火灾'],
  ] as const;
  const seeded: SeededIncident[] = [];
  db.transaction(() => {
    for (let n = 0; n < options.count; n++) {
      const isOpen = n < options.open;
      const isMajor = isOpen && n < options.major;
      const township = config.townships[n % config.townships.length] as Config['townships'][number];
      const village = township.villages[0]?.code ?? null;
      const [category, kind, name] = kinds[n % kinds.length] as (typeof kinds)[number];
      const receivedAt = isOpen
        ? options.now - Math.round(rnd() * (options.openWithinMs ?? 6 * HOUR))
        : options.now - Math.round((0.2 + rnd() * 29.5) * DAY);
      const occurredAt = receivedAt - 20 * MINUTE;
      const code = `INC-${String(n + 1).padStart(5, '0')}`;
      const c = casualties(isMajor, rnd);
      const loss = Math.round(rnd() * 2_000_000);
      const title = `${township.name}${name}`;
      const report = {
        v: 1,
        type: 'incident.report',
        id: `rep-${code}`,
        incident: code,
        category,
        kind,
        title,
        township: township.code,
        ...(village ? { village } : {}),
        occurredAt: iso(occurredAt),
        casualties: c,
        directLossYuan: loss,
      };
      const seq = journal(options.token, `rep-${code}`, 'incident.report', receivedAt, report);
      incident.run(
        code,
        seq,
        category,
        kind,
        title,
        township.code,
        village,
        null,
        occurredAt,
        receivedAt,
        ...casualtyColumns(c),
        loss,
      );
      let updatedAt = receivedAt;
      for (let u = 1; u <= 2; u++) {
        const at = isOpen ? receivedAt + u * 5 * MINUTE : receivedAt + u * 6 * HOUR;
        if (at > options.now) break;
        const status = !isOpen && u === 2 ? 'closed' : undefined;
        const changes = { casualties: { evacuated: c.evacuated + u * 10 }, ...(status ? { status } : {}) };
        const msg = {
          v: 1,
          type: 'incident.update',
          id: `upd-${code}-${u}`,
          incident: code,
          at: iso(at),
          ...changes,
        };
        const useq = journal(options.token, `upd-${code}-${u}`, 'incident.update', at, msg);
        update.run(useq, code, at, at, JSON.stringify(changes), `续报 ${u}`);
        c.evacuated += u * 10;
        updatedAt = at;
      }
      state.run(code, ...casualtyColumns(c), loss, isOpen ? 'open' : 'closed', updatedAt);
      seeded.push({ code, level: isMajor ? 3 : 4, isOpen, receivedAt });
    }
  })();
  return seeded;
}

/** Closed alerts over the month before `now`, with their audit trail (created, escalated, closed). */
export function seedClosedAlerts(
  db: Db,
  options: { count: number; now: number; days: number; seed?: number },
): void {
  const rnd = random(options.seed ?? 13);
  const insert = db.prepare(
    `INSERT INTO alerts (key, class, severity, subject_kind, subject_code, title_zh, title_en, action_zh, action_en,
       value, auto_close, state, opened_at, updated_at, closed_at, closed_by_human, clear_since, ladder, step, loop,
       rung_target, rung_person)
     VALUES (?, ?, ?, 'station', ?, ?, ?, '通知乡镇巡堤查险', 'Order dike patrols', ?, 1, 'closed', ?, ?, ?, ?, ?,
       'default', 1, 0, 'leader', 'P2')`,
  );
  const audit = db.prepare(
    'INSERT INTO audit_log (at, actor, action, alert, incident, obligation, text) VALUES (?, ?, ?, ?, NULL, NULL, ?)',
  );
  const write = db.transaction((start: number, end: number) => {
    for (let n = start; n < end; n++) {
      const openedAt = options.now - Math.round(rnd() * options.days * DAY);
      const closedAt = openedAt + Math.round((10 + rnd() * 240) * MINUTE);
      const byHuman = n % 4 === 0 ? 1 : 0;
      const station = `S${n % 5}`;
      const id = Number(
        insert.run(
          `water.warning:${station}`,
          'water.warning',
          'warning',
          station,
          `${station} 超警戒水位`,
          `${station} above the warning level`,
          10 + rnd(),
          openedAt,
          closedAt,
          closedAt,
          byHuman,
          // A key resolved by hand stays blocked until its condition clears; in the past month they all did.
          byHuman ? closedAt + MINUTE : null,
        ).lastInsertRowid,
      );
      audit.run(openedAt, 'system', 'created', id, `${station} above the warning level`);
      audit.run(openedAt + 5 * MINUTE, 'system', 'escalated', id, 'rung 2/4: leader (带班领导) P2 alerted');
      audit.run(
        closedAt,
        byHuman ? 'P1' : 'system',
        byHuman ? 'resolved' : 'closed',
        id,
        'condition cleared',
      );
    }
  });
  for (let start = 0; start < options.count; start += TX_ROWS)
    write(start, Math.min(options.count, start + TX_ROWS));
}

const RUNGS = [
  ['officer', 'P1'],
  ['leader', 'P2'],
  ['chief', 'P3'],
  ['government', 'P4'],
] as const;

// Alerts on subjects the rules never raise again, so their conditions have cleared. Half are held classes
// that close by themselves, still inside their minimum hold (cleared in the last two minutes: the rules look
// at them on every pass until the hold ends, ten minutes on); half are bookkeeping alerts that wait for a
// person (`clear_since` set, not auto-closing), which the rules leave alone.
const OPEN_CLASSES = [
  { cls: 'station.stale', severity: 'warning', kind: 'station', code: 'G1', autoClose: true },
  { cls: 'stock.low', severity: 'warning', kind: 'stock', code: 'W1/TENT', autoClose: false },
  { cls: 'water.rise', severity: 'warning', kind: 'station', code: 'R1', autoClose: true },
  { cls: 'source.silent', severity: 'warning', kind: 'source', code: 'gauges', autoClose: false },
] as const;

/**
 * `count` open alerts on the default ladder: 60 % triggered with their next rung due over the next hour, 25 %
 * acknowledged with re-check times over the next 1–12 h, 15 % snoozed until some moment in the next hour. Each
 * has its `created` audit entry.
 */
export function seedOpenAlerts(db: Db, options: { count: number; now: number; seed?: number }): void {
  const rnd = random(options.seed ?? 17);
  const { now } = options;
  const insert = db.prepare(
    `INSERT INTO alerts (key, class, severity, subject_kind, subject_code, title_zh, title_en, action_zh, action_en,
       value, auto_close, state, opened_at, updated_at, clear_since, ladder, step, loop, rung_target, rung_person,
       next_escalation_at, ack_by, ack_at, ack_reason, ack_value, recheck_at, snooze_by, snooze_reason, snoozed_until)
     VALUES (@key, @class, @severity, @subject_kind, @subject_code, @title_zh, @title_en, '核实并处置', 'Check and act',
       @value, @auto_close, @state, @opened_at, @opened_at, @clear_since, 'default', @step, 0, @rung_target, @rung_person,
       @next_escalation_at, @ack_by, @ack_at, @ack_reason, @ack_value, @recheck_at, @snooze_by, @snooze_reason,
       @snoozed_until)`,
  );
  const audit = db.prepare(
    "INSERT INTO audit_log (at, actor, action, alert, text) VALUES (?, 'system', 'created', ?, ?)",
  );
  db.transaction(() => {
    for (let n = 0; n < options.count; n++) {
      const kind = OPEN_CLASSES[n % OPEN_CLASSES.length] as (typeof OPEN_CLASSES)[number];
      const step = Math.floor(rnd() * RUNGS.length);
      const [rungTarget, rungPerson] = RUNGS[step] as (typeof RUNGS)[number];
      const openedAt = now - Math.round((1 + rnd() * 47) * HOUR);
      const share = rnd();
      const isAcked = share >= 0.6 && share < 0.85;
      const isSnoozed = share >= 0.85;
      const value = Math.round(rnd() * 100);
      const title = `bench alert ${n}`;
      const id = Number(
        insert.run({
          key: `${kind.cls}:bench-${n}`,
          class: kind.cls,
          severity: kind.severity,
          subject_kind: kind.kind,
          subject_code: kind.code,
          title_zh: `压测告警 ${n}`,
          title_en: title,
          value,
          state: isAcked ? 'acknowledged' : 'triggered',
          opened_at: openedAt,
          auto_close: kind.autoClose ? 1 : 0,
          clear_since: kind.autoClose ? now - Math.round(rnd() * 2 * MINUTE) : now - HOUR,
          step,
          rung_target: rungTarget,
          rung_person: rungPerson,
          next_escalation_at: isAcked
            ? null
            : isSnoozed
              ? now - Math.round(rnd() * 10 * MINUTE)
              : now + Math.round(rnd() * HOUR),
          ack_by: isAcked ? 'P1' : null,
          ack_at: isAcked ? now - Math.round(rnd() * 2 * HOUR) : null,
          ack_reason: isAcked ? '已通知乡镇处置' : null,
          ack_value: isAcked ? value : null,
          recheck_at: isAcked ? now + Math.round((1 + rnd() * 11) * HOUR) : null,
          snooze_by: isSnoozed ? 'P1' : null,
          snooze_reason: isSnoozed ? '设备检修' : null,
          snoozed_until: isSnoozed ? now + Math.round(rnd() * HOUR) : null,
        }).lastInsertRowid,
      );
      audit.run(openedAt, id, title);
    }
  })();
}
