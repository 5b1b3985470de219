// Over 250 lines on purpose: the row types and every SQL statement on the call-out tables (callouts, recipients,
// outbox), so a change of column is one diff.
import type { RecipientState } from '../../src/domain/callout/recipient-state.js';
import type { CalloutFeed, CalloutRecipientFeed, DeliveryFeed } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

export type CalloutRow = {
  id: number;
  key: string | null;
  trigger: CalloutFeed['trigger'];
  alert: number | null;
  title: string;
  message: string;
  drill: number;
  started_by: string;
  started_at: number;
  deadline_at: number;
  closes_at: number;
  chased_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  /** The recipients still to write (JSON `PlannedRecipient[]`), while the call-out is expanding; then null. */
  plan: string | null;
  planned: number;
  /** How many of the plan are written as recipients (each chunk advances it in its own transaction). */
  expanded: number;
};

export type RecipientRow = {
  id: number;
  callout: number;
  person: string;
  name: string;
  role: CalloutRecipientFeed['role'];
  township: string | null;
  village: string | null;
  place: string;
  phone: string | null;
  state: RecipientState;
  link_nonce: string;
  token_hash: string;
  sent_at: number | null;
  delivered_at: number | null;
  answered_at: number | null;
  answer: CalloutRecipientFeed['answer'];
  answer_count: number | null;
  answer_note: string | null;
  phoned_at: number | null;
  phoned_by: string | null;
  phoned_reached: number | null;
  unreachable_at: number | null;
};

export type OutboxRow = {
  id: number;
  idem_key: string;
  channel: string;
  recipient: number | null;
  alert: number | null;
  person: string;
  name: string;
  mobile: string | null;
  email: string | null;
  title: string;
  text: string;
  drill: number;
  state: 'pending' | 'delivered' | 'dead';
  tries: number;
  next_at: number;
  created_at: number;
  last_try_at: number | null;
  done_at: number | null;
  last_error: string | null;
};

export const toCalloutFeed = (r: CalloutRow): CalloutFeed => ({
  id: r.id,
  trigger: r.trigger,
  alert: r.alert,
  title: r.title,
  message: r.message,
  drill: r.drill === 1,
  startedBy: r.started_by,
  startedAt: r.started_at,
  deadlineAt: r.deadline_at,
  closedAt: r.closed_at,
});

export const toRecipientFeed = (r: RecipientRow): CalloutRecipientFeed => ({
  id: r.id,
  callout: r.callout,
  person: r.person,
  name: r.name,
  role: r.role,
  township: r.township,
  village: r.village,
  place: r.place,
  phone: r.phone,
  state: r.state,
  sentAt: r.sent_at,
  deliveredAt: r.delivered_at,
  answeredAt: r.answered_at,
  answer: r.answer,
  count: r.answer_count,
  note: r.answer_note,
  phonedAt: r.phoned_at,
  phonedBy: r.phoned_by,
  phonedReached: r.phoned_reached === null ? null : r.phoned_reached === 1,
});

export const toDeliveryFeed = (r: OutboxRow): DeliveryFeed => ({
  id: r.id,
  recipient: r.recipient,
  alert: r.alert,
  person: r.person,
  name: r.name,
  channel: r.channel,
  state: r.state,
  tries: r.tries,
  createdAt: r.created_at,
  lastTryAt: r.last_try_at,
  doneAt: r.done_at,
  error: r.last_error,
});

/** How many deliveries a snapshot carries at most (the newest). */
const SNAPSHOT_DELIVERIES = 2000;

type Cols<T> = Partial<Omit<T, 'id'>>;

// One prepared statement per set of columns: preparing costs more than running a small update.
function updater<T>(db: Db, table: string) {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  return (id: number, cols: Cols<T>) => {
    const keys = Object.keys(cols);
    if (keys.length === 0) return;
    const sql = `UPDATE ${table} SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    statement.run({ ...cols, id });
  };
}

/** The call-out part of a snapshot. */
export type CalloutsSnapshot = {
  callouts: CalloutFeed[];
  calloutRecipients: CalloutRecipientFeed[];
  deliveries: DeliveryFeed[];
};

/** A recipient row as inserted (what happens to the recipient later is written by updates). */
type NewRecipientRow = Omit<
  RecipientRow,
  | 'id'
  | 'sent_at'
  | 'delivered_at'
  | 'answered_at'
  | 'answer'
  | 'answer_count'
  | 'answer_note'
  | 'phoned_at'
  | 'phoned_by'
  | 'phoned_reached'
>;

/** An outbox row as inserted: pending, due at once. */
type NewOutboxRow = Pick<
  OutboxRow,
  | 'idem_key'
  | 'channel'
  | 'recipient'
  | 'alert'
  | 'person'
  | 'name'
  | 'mobile'
  | 'email'
  | 'title'
  | 'text'
  | 'drill'
  | 'created_at'
>;

export type CalloutsRepo = {
  /** Inserts a call-out; returns its id. */
  insertCallout: (
    row: Omit<CalloutRow, 'id' | 'chased_at' | 'closed_at' | 'closed_by' | 'expanded'>,
  ) => number;
  /** Inserts a recipient; returns its id. */
  insertRecipient: (row: NewRecipientRow) => number;
  /** Inserts an outbox row, pending and due at once; returns its id. */
  insertOutbox: (row: NewOutboxRow) => number;
  callout: (id: number) => CalloutRow | undefined;
  /** The open call-out with this key. */
  openByKey: (key: string) => CalloutRow | undefined;
  recipient: (id: number) => RecipientRow | undefined;
  recipientByTokenHash: (hash: string) => RecipientRow | undefined;
  recipientsOf: (callout: number) => RecipientRow[];
  delivery: (id: number) => OutboxRow | undefined;
  deliveriesOf: (recipient: number) => OutboxRow[];
  /** Pending deliveries due by `now`, at most `limit`, soonest first. */
  due: (now: number, limit: number) => OutboxRow[];
  /** When the soonest pending delivery is due; null when none is pending. */
  nextDue: () => number | null;
  /** Deliveries of a recipient still trying or delivered: none left means every channel gave up. */
  liveDeliveries: (recipient: number) => number;
  /** The call-outs not closed. */
  open: () => CalloutRow[];
  /** The oldest call-out whose recipients are not all written yet. */
  expanding: () => CalloutRow | undefined;
  all: () => CalloutRow[];
  /** Updates the given columns of a call-out. */
  updateCallout: (id: number, cols: Partial<Omit<CalloutRow, 'id'>>) => void;
  /** Updates the given columns of a recipient. */
  updateRecipient: (id: number, cols: Partial<Omit<RecipientRow, 'id'>>) => void;
  /** Updates the given columns of an outbox row. */
  updateOutbox: (id: number, cols: Partial<Omit<OutboxRow, 'id'>>) => void;
  /** Call-outs open or closed since `since`, with their recipients, and the newest deliveries created since. */
  snapshot(since: number): CalloutsSnapshot;
};

/** Call-outs, their recipients and the outbox, as stored. */
export function createCalloutsRepo(db: Db): CalloutsRepo {
  const insertCallout = db.prepare(
    `INSERT INTO callouts (key, trigger, alert, title, message, drill, started_by, started_at, deadline_at, closes_at,
       plan, planned)
     VALUES (@key, @trigger, @alert, @title, @message, @drill, @started_by, @started_at, @deadline_at, @closes_at,
       @plan, @planned)`,
  );
  const insertRecipient = db.prepare(
    `INSERT INTO callout_recipients (callout, person, name, role, township, village, place, phone, state, link_nonce,
       token_hash, unreachable_at)
     VALUES (@callout, @person, @name, @role, @township, @village, @place, @phone, @state, @link_nonce, @token_hash,
       @unreachable_at)`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (idem_key, channel, recipient, alert, person, name, mobile, email, title, text, drill, state,
       next_at, created_at)
     VALUES (@idem_key, @channel, @recipient, @alert, @person, @name, @mobile, @email, @title, @text, @drill,
       'pending', @created_at, @created_at)`,
  );
  const getCallout = db.prepare<[number], CalloutRow>('SELECT * FROM callouts WHERE id = ?');
  const openByKey = db.prepare<[string], CalloutRow>(
    'SELECT * FROM callouts WHERE key = ? AND closed_at IS NULL',
  );
  const getRecipient = db.prepare<[number], RecipientRow>('SELECT * FROM callout_recipients WHERE id = ?');
  const byTokenHash = db.prepare<[string], RecipientRow>(
    'SELECT * FROM callout_recipients WHERE token_hash = ?',
  );
  const recipientsOf = db.prepare<[number], RecipientRow>(
    'SELECT * FROM callout_recipients WHERE callout = ? ORDER BY id',
  );
  const getOutbox = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const due = db.prepare<[number, number], OutboxRow>(
    "SELECT * FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?",
  );
  const nextDue = db
    .prepare<[], number | null>("SELECT MIN(next_at) FROM outbox WHERE state = 'pending'")
    .pluck();
  const liveDeliveries = db
    .prepare<[number], number>(
      "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND state IN ('pending', 'delivered')",
    )
    .pluck();
  const openCallouts = db.prepare<[], CalloutRow>(
    'SELECT * FROM callouts WHERE closed_at IS NULL ORDER BY id',
  );
  const recentCallouts = db.prepare<[number], CalloutRow>(
    'SELECT * FROM callouts WHERE closed_at IS NULL OR closed_at >= ? ORDER BY id',
  );
  const recentRecipients = db.prepare<[number], RecipientRow>(
    `SELECT r.* FROM callout_recipients r JOIN callouts c ON c.id = r.callout
     WHERE c.closed_at IS NULL OR c.closed_at >= ? ORDER BY r.id`,
  );
  const recentDeliveries = db.prepare<[number, number], OutboxRow>(
    'SELECT * FROM (SELECT * FROM outbox WHERE created_at >= ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  const expanding = db.prepare<[], CalloutRow>(
    'SELECT * FROM callouts WHERE plan IS NOT NULL ORDER BY id LIMIT 1',
  );
  const allCallouts = db.prepare<[], CalloutRow>('SELECT * FROM callouts ORDER BY id');
  const deliveriesOf = db.prepare<[number], OutboxRow>(
    'SELECT * FROM outbox WHERE recipient = ? ORDER BY id',
  );
  return {
    insertCallout: (row: Omit<CalloutRow, 'id' | 'chased_at' | 'closed_at' | 'closed_by' | 'expanded'>) =>
      Number(insertCallout.run(row).lastInsertRowid),
    insertRecipient: (row: NewRecipientRow) => Number(insertRecipient.run(row).lastInsertRowid),
    insertOutbox: (row: NewOutboxRow) => Number(insertOutbox.run(row).lastInsertRowid),
    callout: (id: number) => getCallout.get(id),
    openByKey: (key: string) => openByKey.get(key),
    recipient: (id: number) => getRecipient.get(id),
    recipientByTokenHash: (hash: string) => byTokenHash.get(hash),
    recipientsOf: (callout: number) => recipientsOf.all(callout),
    delivery: (id: number) => getOutbox.get(id),
    deliveriesOf: (recipient: number) => deliveriesOf.all(recipient),
    due: (now: number, limit: number) => due.all(now, limit),
    nextDue: () => nextDue.get() ?? null,
    /** Deliveries of a recipient still trying or delivered: none left means every channel gave up. */
    liveDeliveries: (recipient: number) => liveDeliveries.get(recipient) ?? 0,
    open: () => openCallouts.all(),
    /** The oldest call-out whose recipients are not all written yet. */
    expanding: () => expanding.get(),
    all: () => allCallouts.all(),
    updateCallout: updater<CalloutRow>(db, 'callouts'),
    updateRecipient: updater<RecipientRow>(db, 'callout_recipients'),
    updateOutbox: updater<OutboxRow>(db, 'outbox'),
    snapshot(since: number) {
      return {
        callouts: recentCallouts.all(since).map(toCalloutFeed),
        calloutRecipients: recentRecipients.all(since).map(toRecipientFeed),
        deliveries: recentDeliveries.all(since, SNAPSHOT_DELIVERIES).map(toDeliveryFeed),
      };
    },
  };
}
