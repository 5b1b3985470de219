// Over 250 lines on purpose: 叫应's one front (the engine's hooks, the console's call-out actions, the answer page)
// over the links, channels, sender and expander it builds and reload swaps; the parts are in their own modules,
// this is their wiring plus the alert raised when a notice cannot be delivered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { townshipsInArea } from '../../src/domain/callout/recipients.js';
import { calloutFor, type TriggerFacts } from '../../src/domain/callout/triggers.js';
import type { FiredRung } from '../../src/domain/escalation.js';
import { rateOfRise } from '../../src/domain/rate-of-rise.js';
import type { Logger } from '../../src/log/logger.js';
import type { Action, Config, FeedChange } from '../../src/protocol/index.js';
import { type AlertRow, toAlertFeed } from '../alerts/alerts-repo.js';
import { createAuditRepo } from '../alerts/audit-repo.js';
import type { AlertEngine } from '../alerts/engine.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { LivePicture } from '../live/live-picture.js';
import { Refusal } from '../refusal.js';
import { type AnswerLinks, createAnswerLinks, loadOrCreateLinkKey } from './answer-links.js';
import { createAnswerPage } from './answer-page.js';
import { createCalloutExpander } from './callout-expander.js';
import { type CalloutSpec, createCallouts } from './callouts.js';
import {
  type CalloutRow,
  type CalloutsRepo,
  type CalloutsSnapshot,
  createCalloutsRepo,
  type OutboxRow,
  type RecipientRow,
} from './callouts-repo.js';
import { type ChannelSet, createChannelSet } from './channel-set.js';
import { resolveSecret } from './channels/index.js';
import { createSender } from './sender.js';

export type NotifyOptions = {
  db: Db;
  dbPath: string;
  clock: Clock;
  config: () => Config;
  picture: LivePicture;
  engine: () => AlertEngine;
  publish: (changes: FeedChange[]) => void;
  logger: Logger;
  onStorageError?: (error: unknown) => void;
};

type CalloutAction = Extract<Action, { type: 'callout.start' | 'callout.phoned' | 'callout.close' }>;

/** 叫应 as the collector uses it: the engine's hooks, the console's call-out actions, the answer page. */
export type Notify = {
  /** Called by the alert engine inside its passes. */
  hooks: {
    /** A new alert: starts its call-out when a trigger says so. */
    alertOpened(row: AlertRow, now: number, out: FeedChange[]): void;
    /** A fired ladder rung: messages its person. */
    rungFired(row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]): void;
    /** The engine's tick: chases and closes call-outs, then writes and sends what is left. */
    tick(now: number, out: FeedChange[]): void;
  };
  /** A console's call-out action, inside the action's transaction. Throws Refusal. */
  act: (action: CalloutAction, person: string, now: number, out: FeedChange[]) => void;
  /** Serves `/r/…`, the personal answer page. */
  handleAnswer: (req: IncomingMessage, res: ServerResponse) => void;
  /** The call-out part of a snapshot: open call-outs and those closed in the last 24 hours. */
  snapshotParts: (now: number) => CalloutsSnapshot;
  /** Sends what is due in the outbox, after the current transaction has committed. */
  kick: () => void;
  /** Where answer links point when `server.publicUrl` is not set: the address the collector listens on. */
  setBaseUrl(url: string): void;
  /** Rebuilds the channels from a reloaded config (secrets read again). */
  reload(next: Config): void;
  /** Stops writing and sending call-outs (attempts in flight get a moment) and closes the channels. */
  close(): Promise<void>;
  repo: CalloutsRepo;
  links: AnswerLinks;
};

/**
 * 叫应: call-outs, the outbox and its sender, the answer page. The engine calls `hooks` inside its passes, the
 * action path calls `act` inside its transaction, the HTTP server hands `/r/…` to `handleAnswer`.
 */
export function createNotify(options: NotifyOptions): Notify {
  const { db, clock, logger } = options;
  const config = options.config;
  const repo = createCalloutsRepo(db);
  const audit = createAuditRepo(db);
  const key = config().notify.linkSecret
    ? Buffer.from(resolveSecret(config().notify.linkSecret as never, 'notify.linkSecret'), 'utf8')
    : options.dbPath === ':memory:'
      ? Buffer.from(crypto.getRandomValues(new Uint8Array(32)))
      : loadOrCreateLinkKey(options.dbPath);
  const links = createAnswerLinks(key);
  const callouts = createCallouts({ repo, audit, links, config });
  let channels: ChannelSet = createChannelSet(config().notify);
  let baseUrl = 'http://127.0.0.1';

  const linkFor = (r: RecipientRow) =>
    `${config().server.publicUrl ?? baseUrl}/r/${links.token(r.link_nonce)}`;

  function onDead(row: OutboxRow, now: number, out: FeedChange[]): void {
    const engine = options.engine();
    const alertKey = `notify.undelivered:${row.person}`;
    const open = db
      .prepare<[string], { id: number }>("SELECT id FROM alerts WHERE key = ? AND state != 'closed'")
      .get(alertKey);
    const text = `通知未送达 ${row.name} via ${row.channel} after ${row.tries} tries: ${row.last_error ?? ''}`;
    if (open) {
      out.push({
        kind: 'log',
        entry: audit.append({ at: now, actor: 'system', action: 'undelivered', alert: open.id, text }),
      });
      return;
    }
    const phone = row.mobile ? ` ${row.mobile}` : '';
    const alert = engine.raise(
      {
        key: alertKey,
        class: 'notify.undelivered',
        severity: 'critical',
        subject: { kind: 'notify', code: row.person },
        title: {
          zh: `${row.drill === 1 ? '【演练】' : ''}通知未送达：${row.name}（${row.channel}）`,
          en: `${row.drill === 1 ? 'DRILL: ' : ''}Notification not delivered: ${row.name} (${row.channel})`,
        },
        action: {
          zh: `电话联系${row.name}${phone}并记录通话`,
          en: `Phone ${row.name}${phone} and log the call`,
        },
        value: null,
        status: 'set',
        autoClose: false,
        ...(row.drill === 1 ? { drill: true } : {}),
      },
      now,
      out,
    );
    out.push({
      kind: 'log',
      entry: audit.append({ at: now, actor: 'system', action: 'undelivered', alert: alert.id, text }),
    });
    out.push({ kind: 'alert', alert: toAlertFeed(alert) });
  }

  const sender = createSender({
    db,
    clock,
    repo,
    callouts,
    channels: () => channels,
    settings: () => config().notify.delivery,
    linkFor,
    onDead,
    publish: options.publish,
    logger,
    ...(options.onStorageError ? { onStorageError: options.onStorageError } : {}),
  });

  const expander = createCalloutExpander({
    db,
    clock,
    repo,
    callouts,
    publish: options.publish,
    kick: () => sender.kick(),
    logger,
    ...(options.onStorageError ? { onStorageError: options.onStorageError } : {}),
  });
  // A call-out a crash interrupted while its recipients were being written resumes where it stopped.
  expander.schedule();

  function factsFor(row: AlertRow, now: number): TriggerFacts {
    const c = config();
    if (row.subject_kind === 'station') {
      const station = c.stations.find((s) => s.code === row.subject_code);
      const history = options.picture.histories.get(row.subject_code) ?? [];
      const rate = station ? rateOfRise(history, now, station.rateWindowMinutes) : undefined;
      return rate === undefined ? {} : { isRising: rate > 0 };
    }
    if (row.subject_kind === 'cap') {
      const w = options.picture
        .capWarnings(now)
        .find((x) => `${x.sender}/${x.identifier}` === row.subject_code);
      return w
        ? { cap: { severity: w.severity, townships: townshipsInArea(w.areaDesc, c.county, c.townships) } }
        : {};
    }
    if (row.subject_kind === 'incident') {
      const i = options.picture.incidents(now).find((x) => x.code === row.subject_code);
      return i ? { incident: { township: i.township, village: i.village } } : {};
    }
    return {};
  }

  const hooks = {
    alertOpened(row: AlertRow, now: number, out: FeedChange[]) {
      const decision = calloutFor(
        {
          class: row.class,
          subject: { kind: row.subject_kind, code: row.subject_code },
          title: row.title_zh,
          drill: row.drill === 1,
        },
        factsFor(row, now),
        config().notify.triggers,
      );
      if (!decision) return;
      const started = callouts.start(
        {
          key: decision.key,
          trigger: decision.trigger,
          alert: row.id,
          title: decision.title,
          template: config().notify.templates[decision.trigger],
          target: decision.target,
          includeCounty: true,
          drill: decision.drill,
          startedBy: 'system',
        },
        now,
        out,
      );
      if (started) {
        expander.schedule();
        sender.kick();
      }
    },
    rungFired(row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]) {
      callouts.rungFired(row, fired, now, out);
      sender.kick();
    },
    tick(now: number, out: FeedChange[]) {
      callouts.tick(now, out);
      expander.schedule();
      sender.kick();
    },
  };

  /** A console's call-out action, inside the action's transaction. Throws Refusal. */
  function act(action: CalloutAction, person: string, now: number, out: FeedChange[]): void {
    const c = config();
    switch (action.type) {
      case 'callout.start': {
        const spec = officerSpec(c, action, person);
        const started = callouts.start(spec, now, out) as CalloutRow;
        if (started.planned === 0)
          throw new Refusal(
            'INVALID_STATE',
            'nobody to reach: no responsible person there (or none marked for drills)',
          );
        expander.schedule();
        sender.kick();
        return;
      }
      case 'callout.phoned': {
        const r = repo.recipient(action.recipient);
        if (!r)
          throw new Refusal(
            'NOT_FOUND',
            `recipient: no call-out recipient #${action.recipient}`,
            'recipient',
          );
        const refused = callouts.phoned(r, action.reached, action.note ?? null, person, now, out);
        if (refused) throw new Refusal('INVALID_STATE', `recipient: #${r.id} ${refused}`, 'recipient');
        return;
      }
      case 'callout.close': {
        const co = repo.callout(action.callout);
        if (!co) throw new Refusal('NOT_FOUND', `callout: no call-out #${action.callout}`, 'callout');
        if (co.closed_at !== null)
          throw new Refusal('INVALID_STATE', `callout: #${co.id} is already closed`, 'callout');
        callouts.close(co, person, action.reason, now, out);
        return;
      }
    }
  }

  const answerTx = db.transaction(
    (token: string, kind, count: number | null, note: string | null, now: number) => {
      const out: FeedChange[] = [];
      const r = repo.recipientByTokenHash(links.hash(token));
      if (!r || !links.matches(r.token_hash, token) || !callouts.isLinkLive(r, now))
        return { ok: false as const, reason: 'not found', out };
      const refused = callouts.answer(r, kind, count, note, now, out);
      if (refused) return { ok: false as const, reason: refused, out };
      return { ok: true as const, recipient: repo.recipient(r.id) as RecipientRow, out };
    },
  );

  const handleAnswer = createAnswerPage({
    find(token) {
      const r = repo.recipientByTokenHash(links.hash(token));
      if (!r || !links.matches(r.token_hash, token) || !callouts.isLinkLive(r, clock.now())) return undefined;
      return { callout: repo.callout(r.callout) as CalloutRow, recipient: r };
    },
    answer(token, kind, count, note) {
      try {
        const result = answerTx(token, kind, count, note, clock.now());
        if (result.out.length > 0) options.publish(result.out);
        return result.ok ? { ok: true, recipient: result.recipient } : { ok: false, reason: result.reason };
      } catch (error) {
        options.onStorageError?.(error);
        logger.error('notify.answer_failed', { error: String(error) });
        return { ok: false, reason: 'storage' };
      }
    },
    utcOffset: () => config().county.utcOffset,
  });

  return {
    hooks,
    act,
    handleAnswer: handleAnswer as (req: IncomingMessage, res: ServerResponse) => void,
    snapshotParts: (now: number) => repo.snapshot(now - 24 * 3_600_000),
    kick: () => sender.kick(),
    /** Where answer links point when `server.publicUrl` is not set: the address the collector listens on. */
    setBaseUrl(url: string) {
      baseUrl = url;
    },
    /** Rebuilds the channels from a reloaded config (secrets read again). */
    reload(next: Config) {
      const old = channels;
      channels = createChannelSet(next.notify);
      void old.close();
    },
    async close() {
      expander.stop();
      await sender.stop();
      await channels.close();
    },
    repo,
    links,
  };
}

function officerSpec(
  c: Config,
  action: Extract<CalloutAction, { type: 'callout.start' }>,
  person: string,
): CalloutSpec {
  const base = {
    key: null,
    trigger: 'officer' as const,
    alert: null,
    template: action.message,
    drill: action.drill,
    startedBy: person,
    includeCounty: action.includeCounty,
  };
  const title = action.message.split(/[。\n]/)[0]?.slice(0, 80) ?? action.message;
  if (action.station !== undefined) {
    if (!c.stations.some((s) => s.code === action.station))
      throw new Refusal('NOT_FOUND', `station: no station "${action.station}"`, 'station');
    return { ...base, title, target: { kind: 'station', station: action.station } };
  }
  if (action.group !== undefined) {
    const group = c.notify.groups[action.group];
    if (!group) throw new Refusal('NOT_FOUND', `group: no group "${action.group}"`, 'group');
    return { ...base, title, target: { kind: 'persons', persons: group.members } };
  }
  if (action.persons !== undefined && action.persons.length > 0) {
    return { ...base, title, target: { kind: 'persons', persons: action.persons } };
  }
  const townships = action.townships ?? [];
  const villages = action.villages ?? [];
  const knownTownships = new Set(c.townships.map((t) => t.code));
  const knownVillages = new Set(c.townships.flatMap((t) => t.villages.map((v) => v.code)));
  townships.forEach((t, i) => {
    if (!knownTownships.has(t))
      throw new Refusal('NOT_FOUND', `townships[${i}]: no township "${t}"`, `townships[${i}]`);
  });
  villages.forEach((v, i) => {
    if (!knownVillages.has(v))
      throw new Refusal('NOT_FOUND', `villages[${i}]: no village "${v}"`, `villages[${i}]`);
  });
  return { ...base, title, target: { kind: 'places', townships, villages } };
}
