// Over 250 lines on purpose: every decision about a call-out (start, recipients in chunks, rung fired, answer, call
// logged, chase, close) writes call-out, recipients, outbox and audit together in the caller's transaction through
// one repo; the state machine, plan and texts they use already live in src/domain/callout.
import { randomUUID } from 'node:crypto';
import { drillRecipients, drillText, fillTemplate, messageText } from '../../src/domain/callout/message.js';
import {
  ANSWER_LABELS,
  type AnswerKind,
  nextRecipientState,
  type RecipientEvent,
} from '../../src/domain/callout/recipient-state.js';
import {
  type CalloutTarget,
  planRecipients,
  type RecipientPlan,
} from '../../src/domain/callout/recipients.js';
import { ROLE_LABELS } from '../../src/domain/callout/roles.js';
import type { FiredRung } from '../../src/domain/escalation.js';
import type { Config, FeedChange } from '../../src/protocol/index.js';
import type { AlertRow } from '../alerts/alerts-repo.js';
import type { AuditRepo } from '../alerts/audit-repo.js';
import type { AnswerLinks } from './answer-links.js';
import {
  type CalloutRow,
  type CalloutsRepo,
  type OutboxRow,
  type RecipientRow,
  toCalloutFeed,
  toDeliveryFeed,
  toRecipientFeed,
} from './callouts-repo.js';

/** What starts a call-out: a trigger's decision or an officer's action. */
export type CalloutSpec = {
  key: string | null;
  trigger: 'station' | 'cap' | 'incident' | 'officer';
  alert: number | null;
  title: string;
  /** The template (triggers) or the officer's edited text; `{link}` is each recipient's answer link. */
  template: string;
  target: CalloutTarget;
  includeCounty: boolean;
  drill: boolean;
  startedBy: string;
};

export type CalloutDeps = {
  repo: CalloutsRepo;
  audit: AuditRepo;
  links: AnswerLinks;
  config: () => Config;
};

/** One person of a call-out's stored plan: whom to write as a recipient, with the channels configured now. */
type PlannedRecipient = Pick<
  RecipientPlan,
  'person' | 'name' | 'role' | 'township' | 'village' | 'place' | 'phone' | 'email' | 'channels'
>;

/**
 * The person and place a recipient is written with, both into the stored plan and onto the recipient row;
 * picked field by field so neither carries the planner's other fields along.
 */
function whoAndWhere(
  p: Pick<RecipientPlan, 'person' | 'name' | 'role' | 'township' | 'village' | 'place' | 'phone'>,
) {
  return {
    person: p.person,
    name: p.name,
    role: p.role,
    township: p.township,
    village: p.village,
    place: p.place,
    phone: p.phone,
  };
}

/**
 * Recipients written with the decision itself: the most senior, reached without waiting for a chunk. A call-out
 * to a township or a station's area (a few dozen) is written whole here; only bigger ones go on in chunks.
 */
const FIRST_CHUNK = 32;

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Who a recipient is, in the words the audit log and the chase use: 周建华（沙口镇 防汛责任人）. */
export function describeRecipient(r: Pick<RecipientRow, 'name' | 'place' | 'role'>): string {
  const role = ROLE_LABELS[r.role].zh;
  return `${r.name}（${r.place ? `${r.place} ` : ''}${role}）`;
}

/** Call-outs as decisions, run inside the caller's transaction; what they change goes to `out` as feed changes. */
export type Callouts = {
  /** Starts a call-out with its first recipients; undefined when one with the same key is open. */
  start: (spec: CalloutSpec, now: number, out: FeedChange[]) => CalloutRow | undefined;
  /** Writes the next chunk (at most `max`) of an expanding call-out's recipients; returns how many are left. */
  expand: (c: CalloutRow, max: number, now: number, out: FeedChange[]) => number;
  /** A fired ladder rung reaches its person through their channels. */
  rungFired: (row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]) => void;
  /** Moves a recipient by an event, writing `cols` too; returns the refusal reason if it does not fit. */
  move: (
    r: RecipientRow,
    event: RecipientEvent,
    now: number,
    out: FeedChange[],
    /** More of the recipient's columns to write with the move (a call logged, an answer). */
    cols?: Partial<RecipientRow>,
  ) => string | undefined;
  /** Whether a recipient's link still works: call-out open and not past its close time, not answered yet. */
  isLinkLive: (r: RecipientRow, now: number) => boolean;
  /** An answer from a personal link; returns the refusal reason if it does not fit. */
  answer: (
    r: RecipientRow,
    kind: AnswerKind,
    count: number | null,
    note: string | null,
    now: number,
    out: FeedChange[],
  ) => string | undefined;
  /** The officer logged a call to a recipient; returns the refusal reason if it does not fit. */
  phoned: (
    r: RecipientRow,
    reached: boolean,
    note: string | null,
    by: string,
    now: number,
    out: FeedChange[],
  ) => string | undefined;
  /** Closes a call-out; recipients not yet written are never messaged. */
  close: (c: CalloutRow, by: string, reason: string, now: number, out: FeedChange[]) => void;
  /** Chases call-outs past their deadline and closes those past their close time. */
  tick: (now: number, out: FeedChange[]) => void;
};

/**
 * Call-outs as decisions: each function runs inside the caller's transaction (an engine pass, an action, an
 * answer) and writes the call-out, its recipients, the outbox rows and the audit entries together, pushing the
 * feed changes to `out`. Nothing here sends: the sender drains the outbox after the commit.
 */
export function createCallouts(deps: CalloutDeps): Callouts {
  const { repo, audit } = deps;
  const log = (out: FeedChange[], entry: Parameters<AuditRepo['append']>[0]) =>
    out.push({ kind: 'log', entry: audit.append(entry) });

  function placeNames(config: Config, target: CalloutTarget): string {
    const names: string[] = [];
    const towns = new Map(config.townships.map((t) => [t.code, t]));
    const villages = new Map(
      config.townships.flatMap((t) => t.villages.map((v) => [v.code, `${t.name}${v.name}`])),
    );
    if (target.kind === 'station') {
      const area = config.notify.areas[target.station];
      for (const t of area?.townships ?? []) names.push(towns.get(t)?.name ?? t);
      for (const v of area?.villages ?? []) names.push(villages.get(v) ?? v);
      if (names.length === 0) names.push(config.stations.find((s) => s.code === target.station)?.name ?? '');
    } else if (target.kind === 'places') {
      for (const t of target.townships) names.push(towns.get(t)?.name ?? t);
      for (const v of target.villages) names.push(villages.get(v) ?? v);
    }
    return names.filter(Boolean).slice(0, 12).join('、');
  }

  /**
   * Starts a call-out; undefined when one with the same key is open (one per subject). The decision — the
   * call-out with its whole recipient list — is written here, in the caller's transaction, with the first
   * `FIRST_CHUNK` recipients (the most senior) and their outbox rows; the rest are written by `expand`, a chunk
   * per transaction, so a call-out to hundreds does not hold ingest behind one long transaction.
   */
  function start(spec: CalloutSpec, now: number, out: FeedChange[]): CalloutRow | undefined {
    if (spec.key !== null && repo.openByKey(spec.key)) return undefined;
    const config = deps.config();
    const notify = config.notify;
    const planned: PlannedRecipient[] = drillRecipients(
      planRecipients(config, spec.target, spec.includeCounty),
      spec.drill,
    ).map((p) => ({
      ...whoAndWhere(p),
      email: p.email,
      channels: p.channels.filter((c) => c in notify.channels),
    }));
    const minutes = String(notify.deadlineMinutes);
    const message = messageText(
      spec.template,
      { title: spec.title, area: placeNames(config, spec.target), minutes, link: '{link}' },
      spec.drill,
    );
    const id = repo.insertCallout({
      key: spec.key,
      trigger: spec.trigger,
      alert: spec.alert,
      title: drillText(spec.title, spec.drill),
      message,
      drill: spec.drill ? 1 : 0,
      started_by: spec.startedBy,
      started_at: now,
      deadline_at: now + notify.deadlineMinutes * MINUTE,
      closes_at: now + notify.closeAfterHours * HOUR,
      plan: JSON.stringify(planned),
      planned: planned.length,
    });
    const callout = repo.callout(id) as CalloutRow;
    out.push({ kind: 'callout', callout: toCalloutFeed(callout) });
    const unreachable = planned.filter((p) => p.channels.length === 0).length;
    const who = spec.startedBy === 'system' ? `${spec.trigger} trigger` : spec.startedBy;
    log(out, {
      at: now,
      actor: spec.startedBy,
      action: spec.drill ? 'drill_callout_started' : 'callout_started',
      alert: spec.alert,
      text:
        `叫应 #${id} (${who}): ${callout.title} — ${planned.length} to answer within ${minutes} min` +
        (unreachable > 0 ? `; ${unreachable} have no channel: phone them` : ''),
    });
    writeRecipients(callout, planned, FIRST_CHUNK, now, out);
    return repo.callout(id) as CalloutRow;
  }

  /**
   * Writes the next chunk of an expanding call-out's recipients (at most `max`), inside the caller's
   * transaction; returns how many are still to write. The plan and `expanded` are read from the row, so a
   * chunk repeated after a crash starts where the last committed one ended.
   */
  function expand(c: CalloutRow, max: number, now: number, out: FeedChange[]): number {
    if (c.plan === null) return 0;
    return writeRecipients(c, JSON.parse(c.plan) as PlannedRecipient[], max, now, out);
  }

  function writeRecipients(
    c: CalloutRow,
    plan: readonly PlannedRecipient[],
    max: number,
    now: number,
    out: FeedChange[],
  ): number {
    const upto = Math.min(plan.length, c.expanded + max);
    for (const p of plan.slice(c.expanded, upto)) writeRecipient(c, p, now, out);
    const left = plan.length - upto;
    repo.updateCallout(c.id, left === 0 ? { expanded: upto, plan: null } : { expanded: upto });
    return left;
  }

  function writeRecipient(c: CalloutRow, p: PlannedRecipient, now: number, out: FeedChange[]): void {
    const { nonce, tokenHash } = deps.links.mint();
    // The feed objects are built from what was written, not read back: this runs hundreds of times per call-out.
    const recipientRow: Omit<RecipientRow, 'id'> = {
      callout: c.id,
      ...whoAndWhere(p),
      state: p.channels.length > 0 ? 'queued' : 'unreachable',
      link_nonce: nonce,
      token_hash: tokenHash,
      sent_at: null,
      delivered_at: null,
      answered_at: null,
      answer: null,
      answer_count: null,
      answer_note: null,
      phoned_at: null,
      phoned_by: null,
      phoned_reached: null,
      unreachable_at: p.channels.length > 0 ? null : now,
    };
    const rid = repo.insertRecipient(recipientRow);
    for (const channel of p.channels) {
      const delivery = {
        idem_key: randomUUID(),
        channel,
        recipient: rid,
        alert: c.alert,
        person: p.person,
        name: p.name,
        mobile: p.phone,
        email: p.email,
        title: c.title,
        text: c.message,
        drill: c.drill,
        created_at: now,
      };
      const did = repo.insertOutbox(delivery);
      const written: OutboxRow = {
        ...delivery,
        id: did,
        state: 'pending',
        tries: 0,
        next_at: now,
        last_try_at: null,
        done_at: null,
        last_error: null,
      };
      out.push({ kind: 'delivery', delivery: toDeliveryFeed(written) });
    }
    out.push({ kind: 'callout.recipient', recipient: toRecipientFeed({ ...recipientRow, id: rid }) });
  }

  /** A fired ladder rung reaches its person through their channels (duty staff have them in `notify.duty`). */
  function rungFired(row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]): void {
    if (fired.isSkipped || fired.person === undefined) return;
    const config = deps.config();
    const contact = config.notify.duty[fired.person];
    const isDrill = row.drill === 1;
    // In a drill nobody is paged for real: only persons who take part in drills hear of it, marked 【演练】.
    if (!contact || (isDrill && !contact.drill)) return;
    const staff = config.people.find((p) => p.id === fired.person);
    const text = messageText(
      config.notify.templates.rung,
      { title: row.title_zh, action: row.action_zh },
      isDrill,
    );
    for (const channel of contact.channels.filter((c) => c in config.notify.channels)) {
      const did = repo.insertOutbox({
        idem_key: randomUUID(),
        channel,
        recipient: null,
        alert: row.id,
        person: fired.person,
        name: staff?.name ?? fired.person,
        mobile: staff?.phone ?? null,
        email: contact.email ?? null,
        title: drillText(row.title_zh, isDrill),
        text,
        drill: isDrill ? 1 : 0,
        created_at: now,
      });
      out.push({ kind: 'delivery', delivery: toDeliveryFeed(repo.delivery(did) as OutboxRow) });
    }
  }

  /** Moves a recipient by an event, with the columns that record when; returns the refusal reason if it does not fit. */
  function move(
    r: RecipientRow,
    event: RecipientEvent,
    now: number,
    out: FeedChange[],
    cols: Partial<RecipientRow> = {},
  ): string | undefined {
    const step = nextRecipientState(r.state, event);
    if (!step.ok) return step.reason;
    const stamps: Partial<RecipientRow> = {};
    if (step.state === 'sent' && r.sent_at === null) stamps.sent_at = now;
    if (step.state === 'delivered' && r.delivered_at === null) stamps.delivered_at = now;
    if (step.state === 'unreachable') stamps.unreachable_at = now;
    if (step.state === r.state && Object.keys(cols).length === 0) return undefined;
    repo.updateRecipient(r.id, { state: step.state, ...stamps, ...cols });
    out.push({ kind: 'callout.recipient', recipient: toRecipientFeed(repo.recipient(r.id) as RecipientRow) });
    return undefined;
  }

  /** Whether a recipient's link still works: call-out open and not past its close time, not answered yet. */
  function isLinkLive(r: RecipientRow, now: number): boolean {
    const c = repo.callout(r.callout);
    return c !== undefined && c.closed_at === null && now < c.closes_at && r.state !== 'answered';
  }

  /** An answer from a personal link, audited with the person's name. */
  function answer(
    r: RecipientRow,
    kind: AnswerKind,
    count: number | null,
    note: string | null,
    now: number,
    out: FeedChange[],
  ): string | undefined {
    const refused = move(r, { type: 'answered', answer: kind, count }, now, out, {
      answered_at: now,
      answer: kind,
      answer_count: count,
      answer_note: note,
    });
    if (refused) return refused;
    const c = repo.callout(r.callout) as CalloutRow;
    const what = `${ANSWER_LABELS[kind].zh}${count !== null ? ` ${count} 人` : ''}`;
    log(out, {
      at: now,
      actor: r.person,
      action: 'callout_answered',
      alert: c.alert,
      text: `叫应 #${c.id}: ${describeRecipient(r)} 回复「${what}」${note ? ` — ${note}` : ''}`,
    });
    return undefined;
  }

  /** The officer logged a call to a recipient: settles them for the chase. */
  function phoned(
    r: RecipientRow,
    reached: boolean,
    note: string | null,
    by: string,
    now: number,
    out: FeedChange[],
  ) {
    const refused = move(r, { type: 'phoned', reached }, now, out, {
      phoned_at: now,
      phoned_by: by,
      phoned_reached: reached ? 1 : 0,
    });
    if (refused) return refused;
    const c = repo.callout(r.callout) as CalloutRow;
    log(out, {
      at: now,
      actor: by,
      action: 'callout_phoned',
      alert: c.alert,
      text: `叫应 #${c.id}: called ${describeRecipient(r)} ${r.phone ?? ''}: ${reached ? 'reached' : 'no answer'}${note ? ` — ${note}` : ''}`,
    });
    return undefined;
  }

  function close(c: CalloutRow, by: string, reason: string, now: number, out: FeedChange[]): void {
    // Closed while still being written out: the rest are never messaged (their links would be dead on arrival).
    const unwritten = c.plan === null ? 0 : (JSON.parse(c.plan) as unknown[]).length - c.expanded;
    repo.updateCallout(c.id, { closed_at: now, closed_by: by, plan: null });
    out.push({ kind: 'callout', callout: toCalloutFeed(repo.callout(c.id) as CalloutRow) });
    const silent = repo
      .recipientsOf(c.id)
      .filter((r) => r.state !== 'answered' && r.state !== 'phoned').length;
    log(out, {
      at: now,
      actor: by,
      action: 'callout_closed',
      alert: c.alert,
      text: `叫应 #${c.id} closed: ${reason}${silent > 0 ? ` (${silent} never answered)` : ''}${unwritten > 0 ? `; ${unwritten} not yet messaged, left out` : ''}`,
    });
  }

  /**
   * The tick: a call-out past its deadline is chased once (the audit names who has not answered, and each
   * township head hears which of their villages are silent); one past its close time closes, and its links die.
   */
  function tick(now: number, out: FeedChange[]): void {
    for (const c of repo.open()) {
      if (now >= c.closes_at) {
        close(c, 'system', `after ${deps.config().notify.closeAfterHours} h`, now, out);
        continue;
      }
      if (c.chased_at !== null || now < c.deadline_at) continue;
      repo.updateCallout(c.id, { chased_at: now });
      const recipients = repo.recipientsOf(c.id);
      const silent = recipients.filter((r) => r.state !== 'answered' && r.state !== 'phoned');
      if (silent.length === 0) continue;
      log(out, {
        at: now,
        actor: 'system',
        action: 'callout_overdue',
        alert: c.alert,
        text: `叫应 #${c.id}: ${silent.length}/${recipients.length} not answered by the deadline — phone them: ${silent
          .slice(0, 10)
          .map((r) => `${describeRecipient(r)} ${r.phone ?? ''}`.trim())
          .join('; ')}`,
      });
      remindTownshipHeads(c, recipients, now, out);
    }
  }

  function remindTownshipHeads(
    c: CalloutRow,
    recipients: RecipientRow[],
    now: number,
    out: FeedChange[],
  ): void {
    const config = deps.config();
    const villageName = new Map(config.townships.flatMap((t) => t.villages.map((v) => [v.code, v.name])));
    for (const head of recipients.filter((r) => r.role === 'township.head')) {
      const silentVillages = [
        ...new Set(
          recipients
            .filter((r) => r.township === head.township && r.village !== null)
            .filter((r) => r.state !== 'answered' && r.state !== 'phoned')
            .map((r) => villageName.get(r.village as string) ?? (r.village as string)),
        ),
      ];
      if (silentVillages.length === 0) continue;
      const person = config.notify.responsible.find((p) => p.id === head.person);
      const text = drillText(
        fillTemplate('【叫应督促】{title}：以下村未回复叫应，请立即督促：{villages}', {
          title: c.title,
          villages: silentVillages.join('、'),
        }),
        c.drill === 1,
      );
      for (const channel of (person?.channels ?? []).filter((ch) => ch in config.notify.channels)) {
        const did = repo.insertOutbox({
          idem_key: randomUUID(),
          channel,
          recipient: null,
          alert: c.alert,
          person: head.person,
          name: head.name,
          mobile: head.phone,
          email: person?.email ?? null,
          title: c.title,
          text,
          drill: c.drill,
          created_at: now,
        });
        out.push({ kind: 'delivery', delivery: toDeliveryFeed(repo.delivery(did) as OutboxRow) });
      }
      log(out, {
        at: now,
        actor: 'system',
        action: 'callout_township_told',
        alert: c.alert,
        text: `叫应 #${c.id}: told ${describeRecipient(head)} which villages are silent: ${silentVillages.join('、')}`,
      });
    }
  }

  return { start, expand, rungFired, move, isLinkLive, answer, phoned, close, tick };
}
