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
import type { LivePicture } from './live-picture.js';
import { boundSnapshot } from './snapshot-bounds.js';
import type { StationEntries } from './station-entries.js';

/**
 * The snapshot of the live picture at `seq`, encoded as the frame a watcher gets (JSON as UTF-8). The stations
 * come already encoded from `stations` (kept per station between snapshots), joined in after the rest, so
 * `stations` is the frame's last key.
 */
const CLOSE = Buffer.from('}');

export function encodeSnapshot(
  index: ConfigIndex,
  picture: LivePicture,
  stations: StationEntries,
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
): Buffer {
  const { config } = index;
  const business = boundSnapshot(
    { incidents: picture.incidents(meta.now), alerts: extras.alerts, obligations: extras.obligations },
    {
      maxIncidents: config.server.snapshotMaxIncidents,
      maxAlerts: config.server.snapshotMaxAlerts,
      policy: { countMissingTowardLevel: config.reporting.countMissingTowardLevel },
    },
  );
  const rest: Omit<Snapshot, 'stations'> = {
    v: PROTOCOL_VERSION,
    type: 'snapshot',
    ...meta,
    county: countyFeed(config),
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
  const head = JSON.stringify(rest);
  return Buffer.concat([
    Buffer.from(`${head.slice(0, -1)},"stations":`),
    ...stations.encode(config, picture, options.fullHistory === true),
    CLOSE,
  ]);
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
