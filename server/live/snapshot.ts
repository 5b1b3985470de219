import {
  type Config,
  type CountyFeed,
  PROTOCOL_VERSION,
  type Snapshot,
  type StorageStatus,
} from '../../src/protocol/index.js';

/** What the alert engine contributes to a snapshot. */
export type SnapshotExtras = Pick<Snapshot, 'duty' | 'alerts' | 'obligations' | 'log'> &
  Partial<Pick<Snapshot, 'callouts' | 'calloutRecipients' | 'deliveries' | 'ladders' | 'shiftLog'>>;

import type { ConfigIndex } from '../config-index.js';
import { boundedHistory, type LivePicture } from './live-picture.js';
import { boundSnapshot } from './snapshot-bounds.js';
import { bucketsPerStation, thinHistory } from './thin-history.js';

/** Builds the snapshot of the live picture at `seq`. */
export function buildSnapshot(
  index: ConfigIndex,
  picture: LivePicture,
  extras: SnapshotExtras,
  meta: {
    epoch: string;
    seq: number;
    now: number;
    clockRate: number;
    resync: boolean;
    storage: StorageStatus;
    simulatedClock?: { startedAt: number; rate: number };
  },
  options: { fullHistory?: boolean } = {},
): Snapshot {
  const { config } = index;
  const business = boundSnapshot(
    { incidents: picture.incidents(meta.now), alerts: extras.alerts, obligations: extras.obligations },
    {
      maxIncidents: config.server.snapshotMaxIncidents,
      maxAlerts: config.server.snapshotMaxAlerts,
      policy: { countMissingTowardLevel: config.reporting.countMissingTowardLevel },
    },
  );
  return {
    v: PROTOCOL_VERSION,
    type: 'snapshot',
    ...meta,
    county: countyFeed(config),
    stations: stationFeeds(config, picture, options.fullHistory === true),
    items: config.items,
    warehouses: config.warehouses,
    stock: picture.stock(),
    incidents: business.incidents,
    people: config.people,
    roster: config.duty,
    ...extras,
    alerts: business.alerts,
    obligations: business.obligations,
    ...(business.omitted ? { omitted: business.omitted } : {}),
    teams: picture.teams(),
    forces: {
      unsentAfterMinutes: config.forces.unsentAfterMinutes,
      staleAfterHours: config.forces.staleAfterHours,
    },
  };
}

/**
 * Each station with its bounded history; past `server.snapshotHistoryPoints` in all, each history is thinned to
 * what the screens judge on (thin-history.ts) and marked so, for a client to ask for the whole when it needs it
 * (`history.get`). A relay's snapshot (`fullHistory`) is never thinned: it forwards every reading upward.
 */
function stationFeeds(config: Config, picture: LivePicture, fullHistory: boolean): Snapshot['stations'] {
  const histories = config.stations.map((s) => boundedHistory(picture.histories.get(s.code) ?? []));
  const buckets = fullHistory
    ? undefined
    : bucketsPerStation(
        histories.map((h) => h.length),
        config.server.snapshotHistoryPoints,
      );
  return config.stations.map((s, i) => {
    const history = histories[i] ?? [];
    if (buckets === undefined) return { ...s, history };
    const thin = thinHistory(history, s.rateWindowMinutes, buckets);
    return thin.thinned
      ? { ...s, history: [...thin.history], historyThinned: true as const }
      : { ...s, history };
  });
}

/** The county's static picture as the feed carries it. */
export function countyFeed(config: Config): CountyFeed {
  return {
    code: config.county.code,
    name: config.county.name,
    nameAscii: config.county.nameAscii,
    utcOffset: config.county.utcOffset,
    floodSeason: config.floodSeason,
    townships: config.townships.map((t) => ({ code: t.code, name: t.name, nameAscii: t.nameAscii })),
  };
}
