import { PROTOCOL_VERSION, type Snapshot } from '../../src/protocol/index.js';
import type { ConfigIndex } from '../config-index.js';
import type { LivePicture } from './live-picture.js';

/** Builds the snapshot of the live picture at `seq`. */
export function buildSnapshot(
  index: ConfigIndex,
  picture: LivePicture,
  meta: { epoch: string; seq: number; now: number; clockRate: number; resync: boolean },
): Snapshot {
  const { config } = index;
  return {
    v: PROTOCOL_VERSION,
    type: 'snapshot',
    ...meta,
    county: {
      code: config.county.code,
      name: config.county.name,
      nameAscii: config.county.nameAscii,
      utcOffset: config.county.utcOffset,
      floodSeason: config.floodSeason,
      townships: config.townships.map((t) => ({ code: t.code, name: t.name, nameAscii: t.nameAscii })),
    },
    stations: config.stations.map((s) => ({ ...s, history: [...(picture.histories.get(s.code) ?? [])] })),
    items: config.items,
    warehouses: config.warehouses,
    stock: picture.stock(),
    incidents: picture.incidents(meta.now),
    people: config.people,
    duty: config.duty,
  };
}
