import { afterEach, describe, expect, it } from 'vitest';
import { createWarningsRepo } from '../../server/cap/warnings-repo.js';
import { indexConfig } from '../../server/config-index.js';
import type { Change } from '../../server/ingest/changes.js';
import { createLivePicture, type LivePicture } from '../../server/live/live-picture.js';
import { createLiveQueries } from '../../server/live/live-queries.js';
import { createStationEntries, stationFeeds } from '../../server/live/station-entries.js';
import { type Config, configSchema } from '../../src/protocol/index.js';
import { openTempDatabase } from '../helpers/temp-database.js';
import { testConfigInput } from '../helpers/test-config.js';

// Issue 19.6: each station's snapshot entry is encoded once and kept until something it depends on changes. Kept
// entries must never differ from a fresh encoding, whatever arrives: in order, late, twice, implausible (verdicts
// on earlier points change in place), past the snapshot's history budget, or across a reload.

const MIN = 60_000;
const NOW = Date.parse('2026-07-20T02:00+08:00');
const databases: { remove(): void }[] = [];
afterEach(() => {
  for (const d of databases.splice(0)) d.remove();
});

/** The test county with a small history budget, so a few hours of readings are thinned. */
function county(rename?: string): Config {
  const input = testConfigInput();
  return configSchema.parse({
    ...input,
    server: { ...input.server, snapshotHistoryPoints: 40 },
    stations: input.stations.map((s) => (rename && s.code === 'G1' ? { ...s, name: rename } : s)),
  });
}

function livePicture(config: Config): LivePicture {
  const temp = openTempDatabase('station-entries');
  databases.push(temp);
  return createLivePicture(indexConfig(config), createLiveQueries(temp.db), NOW, createWarningsRepo(temp.db));
}

// A deterministic pseudo-random sequence, so the commits vary without flaking.
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

describe('station entries kept between snapshots', () => {
  it('encode exactly what a fresh encoding does after every commit, late, repeated and implausible readings included', () => {
    let config = county();
    const picture = livePicture(config);
    const kept = createStationEntries();
    const next = random(7);
    let at = NOW - 6 * 60 * MIN;
    const fresh = () => createStationEntries().encode(config, picture, false).join('');
    expect(kept.encode(config, picture, false).join('')).toBe(fresh());

    for (let commit = 0; commit < 150; commit++) {
      const changes: Change[] = [];
      for (let n = Math.floor(next() * 4); n >= 0; n--) {
        at += Math.floor(next() * 5 * MIN);
        const station = next() < 0.7 ? 'G1' : 'R1';
        const roll = next();
        // Mostly in order; some late, some the same instant again, some a jump the plausibility rule doubts.
        const when = roll < 0.1 ? at - Math.floor(next() * 90 * MIN) : at;
        const base = station === 'G1' ? 9 : 100;
        const level = roll > 0.95 ? base + 50 : base + Math.round(next() * 1000) / 1000;
        changes.push({ kind: 'reading', station, reading: { at: when, level, rain: roll < 0.5 ? 0.5 : 0 } });
        if (roll > 0.9) changes.push({ kind: 'reading', station, reading: { at: when, level } });
      }
      picture.applyCommit(changes);
      expect(kept.encode(config, picture, false).join(''), `after commit ${commit}`).toBe(fresh());
      if (commit === 100) {
        // A reload renames G1, no reading in between: its entry must follow the new configuration.
        config = county('汝河大桥（新）');
        picture.syncStations(config);
        expect(kept.encode(config, picture, false).join(''), 'after the reload').toBe(fresh());
      }
    }

    const stations = JSON.parse(kept.encode(config, picture, false).join('')) as {
      name: string;
      historyThinned?: true;
    }[];
    expect(stations[0]?.name).toBe('汝河大桥（新）');
    // The budget was passed, so what was kept was thinned entries too, not only whole ones.
    expect(stations.some((s) => s.historyThinned)).toBe(true);
    expect(stations).toEqual(JSON.parse(JSON.stringify(stationFeeds(config, picture, false))));
  });

  it('encodes the same whether warmed ahead in slices or not, with commits landing while it warms', async () => {
    const config = county();
    const picture = livePicture(config);
    const read = (i: number): Change => ({
      kind: 'reading',
      station: i % 2 === 0 ? 'G1' : 'R1',
      reading: { at: NOW - (200 - i) * MIN, level: (i % 2 === 0 ? 9 : 100) + i / 1000 },
    });
    picture.applyCommit(Array.from({ length: 100 }, (_, i) => read(i)));
    const warmed = createStationEntries();
    warmed.warm(config, picture, 1);
    // One station a turn: a commit lands between the two.
    await new Promise((resolve) => setImmediate(resolve));
    picture.applyCommit([read(100), read(101)]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const fresh = createStationEntries().encode(config, picture, false).join('');
    expect(warmed.encode(config, picture, false).join('')).toBe(fresh);
  });

  it('gives a relay every station whole, never from the thinned entries', () => {
    const config = county();
    const picture = livePicture(config);
    const changes: Change[] = Array.from({ length: 72 }, (_, i) => ({
      kind: 'reading',
      station: 'G1',
      reading: { at: NOW - (71 - i) * 5 * MIN, level: 9 + i / 100 },
    }));
    picture.applyCommit(changes);
    const entries = createStationEntries();
    const thinned = JSON.parse(entries.encode(config, picture, false).join('')) as { history: unknown[] }[];
    const whole = JSON.parse(entries.encode(config, picture, true).join('')) as { history: unknown[] }[];
    expect(thinned[0]?.history.length).toBeLessThan(72);
    expect(whole[0]?.history).toHaveLength(72);
    expect(whole[0]).not.toHaveProperty('historyThinned');
  });
});
