import { describe, expect, it } from 'vitest';
import type { ReadingPoint } from '../../../src/protocol/index.js';
import { alertBook, MIN, NOW, ruleInput } from './rules-fixtures.js';

const RIVER = 'ST-RH-02'; // 警戒 41.80, 保证 43.60; clearMargin 0.05 m, minHold 10 min

/** Drives the rules minute by minute through a list of levels read every 5 min from NOW. */
function drive(levels: readonly number[]) {
  const book = alertBook();
  const history: ReadingPoint[] = [];
  const base = ruleInput({ startedAt: NOW });
  const snapshots: { at: number; open: string[]; inhibited: Map<string, string> }[] = [];
  for (let minute = 0; minute < levels.length * 5; minute++) {
    const now = NOW + minute * MIN;
    const level = levels[minute / 5];
    if (level !== undefined) history.push({ at: now, level });
    book.tick({ ...base, histories: new Map([[RIVER, history]]) }, now);
    snapshots.push({ at: now, open: [...book.open.keys()], inhibited: book.inhibitedKeys() });
  }
  return { book, snapshots };
}

describe('a level hovering ±1 cm around 警戒', () => {
  // An hour of readings alternating 41.81 / 41.79, then the river drops to 41.70 (below 41.75) and stays there.
  const hover = Array.from({ length: 13 }, (_, i) => (i % 2 === 0 ? 41.81 : 41.79));
  const { book, snapshots } = drive([...hover, ...Array<number>(6).fill(41.7)]);
  const warning = `water.warning:${RIVER}`;
  const events = book.events.filter((e) => e.key === warning);

  it('opens exactly one warning alert', () => {
    expect(events.filter((e) => e.kind === 'open')).toEqual([{ at: NOW, key: warning, kind: 'open' }]);
  });

  it('keeps it open through the hour of hovering', () => {
    const during = snapshots.filter((s) => s.at < NOW + 65 * MIN);
    expect(during.every((s) => s.open.includes(warning))).toBe(true);
    expect(events.filter((e) => e.at < NOW + 65 * MIN).map((e) => e.kind)).toEqual(['open']);
  });

  it('closes it only after the level stays below line − clearMargin for the minimum hold', () => {
    expect(events.slice(1)).toEqual([
      { at: NOW + 65 * MIN, key: warning, kind: 'clearing' },
      { at: NOW + 75 * MIN, key: warning, kind: 'close' },
    ]);
  });

  it('keeps the blue alert open all along, hidden while the warning is open', () => {
    const blue = `water.blue:${RIVER}`;
    const last = snapshots[snapshots.length - 1];
    expect(last?.open).toContain(blue);
    expect(snapshots[10]?.inhibited.get(blue)).toBe(warning);
    expect(last?.inhibited.has(blue)).toBe(false);
  });
});

describe('a dip below the clear band that recovers within the hold', () => {
  it('cancels the clearing and keeps the same alert', () => {
    const { book } = drive([41.85, 41.74, 41.79, 41.79, 41.79]);
    const events = book.events.filter((e) => e.key === `water.warning:${RIVER}`).map((e) => e.kind);
    expect(events).toEqual(['open', 'clearing']);
    expect(book.open.get(`water.warning:${RIVER}`)?.clearSince).toBeNull();
  });
});

describe('a flood crest past 保证 and back', () => {
  // 41.90 for 10 min, 43.70 for 20 min, then 43.00 for 20 min.
  const { snapshots } = drive([41.9, 41.9, 43.7, 43.7, 43.7, 43.7, 43.0, 43.0, 43.0, 43.0]);
  const at = (minute: number) => snapshots[minute];
  const blue = `water.blue:${RIVER}`;
  const warning = `water.warning:${RIVER}`;
  const guarantee = `water.guarantee:${RIVER}`;

  it('lets the warning hide the blue alert before the crest', () => {
    expect(at(5)?.inhibited).toEqual(new Map([[blue, warning]]));
  });

  it('lets the guarantee alert hide both milder ones at the crest', () => {
    expect(at(15)?.inhibited).toEqual(
      new Map([
        [blue, guarantee],
        [warning, guarantee],
      ]),
    );
  });

  it('releases the warning when the guarantee alert closes', () => {
    // The level leaves the guarantee band at minute 30; the alert closes after the 10-minute hold.
    expect(at(39)?.open).toContain(guarantee);
    expect(at(40)?.open).not.toContain(guarantee);
    expect(at(40)?.inhibited).toEqual(new Map([[blue, warning]]));
  });
});
