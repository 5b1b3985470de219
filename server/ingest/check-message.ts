import { MINUTE_MS } from '../../src/domain/local-time.js';
import type { Scope, StandaloneIngestMessage } from '../../src/protocol/index.js';
import type { ConfigIndex } from '../config-index.js';
import { Refusal } from '../refusal.js';
import { checkTeamMessage } from './check-team-message.js';

/** What the checks need to know about the moment and the sender. */
export type CheckContext = {
  index: ConfigIndex;
  scope: Scope | undefined;
  now: number;
  /** Prefix for paths inside a batch, e.g. `messages[3].` */
  pathPrefix?: string;
};

const DAY = 86_400_000;

/**
 * Checks what the schema cannot: that every code names something in the county, that the token may report
 * for it, and that timestamps are believable. Throws an Refusal naming the field.
 */
export function checkMessage(msg: StandaloneIngestMessage, ctx: CheckContext): void {
  const { index } = ctx;
  const p = (field: string) => `${ctx.pathPrefix ?? ''}${field}`;
  switch (msg.type) {
    case 'reading':
      requireKnown(index.stations.has(msg.station), p('station'), 'station', msg.station);
      requireScope(ctx.scope?.stations, msg.station, p('station'), 'station');
      checkTime(msg.observedAt, p('observedAt'), ctx);
      return;
    case 'stock.movement':
    case 'stock.count':
      requireKnown(index.warehouses.has(msg.warehouse), p('warehouse'), 'warehouse', msg.warehouse);
      requireKnown(index.items.has(msg.item), p('item'), 'item', msg.item);
      requireScope(ctx.scope?.warehouses, msg.warehouse, p('warehouse'), 'warehouse');
      if (msg.type === 'stock.movement' && msg.to !== undefined) {
        requireKnown(index.warehouses.has(msg.to), p('to'), 'warehouse', msg.to);
      }
      if (msg.type === 'stock.movement' && msg.team !== undefined) {
        const team = msg.team;
        requireKnown(
          index.config.forces.teams.some((t) => t.code === team),
          p('team'),
          'team',
          team,
        );
        requireScope(ctx.scope?.teams, team, p('team'), 'team');
      }
      checkTime(msg.at, p('at'), ctx);
      if (msg.type === 'stock.count' && msg.lots) {
        const sum = msg.lots.reduce((total, lot) => total + lot.quantity, 0);
        if (sum > msg.quantity) {
          throw new Refusal(
            'INVALID_MESSAGE',
            `${p('lots')}: lots add up to ${sum}, more than the counted quantity ${msg.quantity}`,
            p('lots'),
          );
        }
      }
      return;
    case 'incident.report':
      requireKnown(index.townships.has(msg.township), p('township'), 'township', msg.township);
      if (msg.village !== undefined && index.villages.get(msg.village) !== msg.township) {
        throw new Refusal(
          'UNKNOWN_REFERENCE',
          `${p('village')}: no village "${msg.village}" in township "${msg.township}"`,
          p('village'),
        );
      }
      requireScope(ctx.scope?.townships, msg.township, p('township'), 'township');
      checkTime(msg.occurredAt, p('occurredAt'), ctx);
      return;
    case 'incident.update':
      // The incident's township is only known from the database; the writer checks scope there.
      checkTime(msg.at, p('at'), ctx);
      return;
    case 'team.status':
    case 'team.dispatch':
    case 'team.arrive':
    case 'team.return':
      checkTeamMessage(msg, ctx, p);
      return;
    case 'cap':
      // The document is parsed once, by the writer, which checks it and the sender's scope there.
      return;
  }
}

function requireKnown(isKnown: boolean, path: string, what: string, code: string): void {
  if (!isKnown) {
    throw new Refusal('UNKNOWN_REFERENCE', `${path}: no ${what} "${code}" in the county configuration`, path);
  }
}

/** Throws OUT_OF_SCOPE unless `list` is '*' or names `code`. A token with no such list may report for none. */
export function requireScope(list: Scope[keyof Scope], code: string, path: string, what: string): void {
  if (list === '*' || list?.includes(code)) return;
  throw new Refusal(
    'OUT_OF_SCOPE',
    `${path}: this token may not report for ${what} "${code}"; ask the bureau to extend its scope`,
    path,
  );
}

export function checkTime(iso: string, path: string, ctx: CheckContext): void {
  const at = Date.parse(iso);
  const { maxClockSkewMinutes, maxAgeDays } = ctx.index.config.server;
  if (at > ctx.now + maxClockSkewMinutes * MINUTE_MS) {
    throw new Refusal(
      'TIMESTAMP_OUT_OF_RANGE',
      `${path}: ${iso} is more than ${maxClockSkewMinutes} min in the future; check the source's clock`,
      path,
    );
  }
  if (at < ctx.now - maxAgeDays * DAY) {
    throw new Refusal('TIMESTAMP_OUT_OF_RANGE', `${path}: ${iso} is more than ${maxAgeDays} days old`, path);
  }
}
