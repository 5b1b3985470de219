import type { Config, Snapshot } from '../../src/protocol/index.js';
import { boundedHistory, boundedStart, type LivePicture } from './live-picture.js';
import { bucketsPerStation, thinHistory } from './thin-history.js';

type StationConfig = Config['stations'][number];
type Entry = { station: StationConfig; revision: number; buckets: number | undefined; json: Buffer };

/**
 * The stations' part of snapshots as JSON text (issue 19.6). At 5,000 gauges it is nearly all of a snapshot and
 * most of its cost, yet between two snapshots few stations change: a county reporting every few minutes changes
 * a few dozen a second. So each station's entry is encoded once and kept until its history changes (the live
 * picture's revision), its configuration does (a reload gives new objects) or the thinning does (the buckets).
 */
export type StationEntries = {
  /** The stations as a snapshot carries them: a JSON array as UTF-8, in pieces for the frame to copy once. */
  encode(config: Config, picture: LivePicture, fullHistory: boolean): Buffer[];
  /**
   * Encodes every station's entry ahead of the first snapshot, `slice` stations per turn of the event loop, so
   * the first watchers after a start (consoles reconnecting) do not wait for them all: 350 ms at 5,000 gauges.
   * Returns a function that stops it.
   */
  warm(config: Config, picture: LivePicture, slice?: number): () => void;
};

const [OPEN, COMMA, CLOSE] = ['[', ',', ']'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer];

export function createStationEntries(): StationEntries {
  // Only the thinned kind is kept: whole histories are ~18 KB a station, asked for by relays alone, and rarely.
  const entries = new Map<string, Entry>();
  let stationsSeen: readonly StationConfig[] | undefined;

  return {
    encode(config, picture, fullHistory) {
      if (fullHistory) return [Buffer.from(JSON.stringify(stationFeeds(config, picture, true)))];
      if (config.stations !== stationsSeen) {
        // A reload: entries of stations it removed would otherwise be kept for ever.
        const codes = new Set(config.stations.map((s) => s.code));
        for (const code of entries.keys()) if (!codes.has(code)) entries.delete(code);
        stationsSeen = config.stations;
      }
      const buckets = bucketsFor(config, picture);
      const parts: Buffer[] = [OPEN];
      for (const station of config.stations) {
        if (parts.length > 1) parts.push(COMMA);
        parts.push(entryOf(station, picture, buckets));
      }
      parts.push(CLOSE);
      return parts;
    },
    warm(config, picture, slice = 250) {
      const buckets = bucketsFor(config, picture);
      let next = 0;
      let pending: NodeJS.Immediate | undefined;
      const step = () => {
        const end = Math.min(next + slice, config.stations.length);
        for (; next < end; next++) entryOf(config.stations[next] as StationConfig, picture, buckets);
        pending = next < config.stations.length ? setImmediate(step).unref() : undefined;
      };
      pending = setImmediate(step).unref();
      return () => clearImmediate(pending);
    },
  };

  // Kept as UTF-8: joining the texts of 5,000 stations and encoding the result took longer than a memcpy.
  function entryOf(station: StationConfig, picture: LivePicture, buckets: number | undefined): Buffer {
    const revision = picture.historyRevision(station.code);
    const kept = entries.get(station.code);
    if (kept?.station === station && kept.revision === revision && kept.buckets === buckets) return kept.json;
    const json = Buffer.from(JSON.stringify(stationFeed(station, picture, buckets)));
    entries.set(station.code, { station, revision, buckets, json });
    return json;
  }
}

/**
 * Each station with its bounded history; past `server.snapshotHistoryPoints` in all, each history is thinned to
 * what the screens judge on (thin-history.ts) and marked so, for a client to ask for the whole when it needs it
 * (`history.get`). A relay's snapshot (`fullHistory`) is never thinned: it forwards every reading upward.
 */
export function stationFeeds(
  config: Config,
  picture: LivePicture,
  fullHistory: boolean,
): Snapshot['stations'] {
  const buckets = fullHistory ? undefined : bucketsFor(config, picture);
  return config.stations.map((station) => stationFeed(station, picture, buckets));
}

function bucketsFor(config: Config, picture: LivePicture): number | undefined {
  const lengths = config.stations.map((s) => {
    const history = picture.histories.get(s.code) ?? [];
    return history.length - boundedStart(history);
  });
  return bucketsPerStation(lengths, config.server.snapshotHistoryPoints);
}

function stationFeed(
  station: StationConfig,
  picture: LivePicture,
  buckets: number | undefined,
): Snapshot['stations'][number] {
  const history = boundedHistory(picture.histories.get(station.code) ?? []);
  if (buckets === undefined) return { ...station, history };
  const thin = thinHistory(history, station.rateWindowMinutes, buckets);
  return thin.thinned
    ? { ...station, history: [...thin.history], historyThinned: true as const }
    : { ...station, history };
}
