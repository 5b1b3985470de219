// One file on purpose (over 250 lines): the wire codec on the golden corpus, the flood-night scenario and the demo
// config, the one place that says what /ingest accepts and refuses.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ack,
  type Config,
  type ConfigInput,
  decodeConfig,
  decodeIngestMessage,
  decodeIngestValue,
  encodeServerMessage,
  INGEST_TYPES,
  type SingleIngestMessage,
} from '../../src/protocol/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const read = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts), 'utf8');
const jsonFiles = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

const countyJson = (): ConfigInput => JSON.parse(read('county', 'demo-county.json'));
function county(): Config {
  const decoded = decodeConfig(countyJson());
  if (!decoded.ok) throw new Error(`demo-county.json: ${decoded.message}`);
  return decoded.value;
}

type InvalidFixture = { frame: string; code: string; path?: string };
type ScenarioLine = { t: number; message: unknown };

describe('decodeIngestMessage on the golden corpus', () => {
  const valid = jsonFiles('messages/valid');
  const invalid = jsonFiles('messages/invalid');

  it.each(valid)('decodes valid/%s', (file) => {
    expect(decodeIngestMessage(read('messages/valid', file))).toMatchObject({ ok: true });
  });

  it('has a valid fixture for every message type and every stock movement kind', () => {
    const messages = valid.map((f) => JSON.parse(read('messages/valid', f)) as SingleIngestMessage);
    expect(new Set(messages.map((m) => m.type))).toEqual(new Set(INGEST_TYPES));
    const kinds = messages.flatMap((m) => (m.type === 'stock.movement' ? [m.kind] : []));
    expect(new Set(kinds)).toEqual(new Set(['in', 'out', 'transfer', 'adjust']));
  });

  it('has at least 15 invalid fixtures', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(15);
  });

  it.each(invalid)('refuses invalid/%s with its code and path, without throwing', (file) => {
    const fixture = JSON.parse(read('messages/invalid', file)) as InvalidFixture;
    expect(typeof fixture.frame).toBe('string');
    let result: ReturnType<typeof decodeIngestMessage> | undefined;
    expect(() => {
      result = decodeIngestMessage(fixture.frame);
    }).not.toThrow();
    if (!result || result.ok) throw new Error(`${file} decoded as valid`);
    expect(result.code).toBe(fixture.code);
    expect(result.message.length).toBeGreaterThan(0);
    if (fixture.path !== undefined) {
      expect(result.path).toBe(fixture.path);
      expect(result.message.startsWith(`${fixture.path}: `)).toBe(true);
    }
  });
});

describe('the flood-night scenario', () => {
  const [headerLine, ...rest] = read('scenarios', 'flood-night.jsonl').trimEnd().split('\n');
  const header = JSON.parse(headerLine ?? '{}') as { scenario: string; title: string; start: string };
  const lines = rest.map((l) => JSON.parse(l) as ScenarioLine);
  const startMs = Date.parse(header.start);
  const decoded = lines.map(({ t, message }) => ({ t, result: decodeIngestValue(message) }));
  // Every single message in order, with its line's time; a batch contributes each of its messages.
  const singles = decoded.flatMap(({ t, result }) => {
    if (!result.ok) return [];
    const value = result.value;
    return value.type === 'batch' ? value.messages.map((m) => ({ t, m })) : [{ t, m: value }];
  });
  const readingsOf = (station: string) =>
    singles.flatMap(({ t, m }) =>
      m.type === 'reading' && m.station === station ? [{ t, level: m.level }] : [],
    );
  const maxLevel = (station: string) => Math.max(...readingsOf(station).map((r) => r.level));

  it('starts with a header naming the scenario and its start instant', () => {
    expect(header.scenario).toBe('flood-night');
    expect(header.title).toMatch(/[\u4e00-\u9fff]/);
    expect(header.title).toMatch(/[A-Za-z]{4}/);
    expect(header.start).toBe('2026-07-19T20:00:00+08:00');
    expect(lines.length).toBeGreaterThanOrEqual(250);
    expect(lines.length).toBeLessThanOrEqual(600);
  });

  it('has only messages that decode', () => {
    for (const [i, { result }] of decoded.entries()) {
      expect(result.ok, `line ${i + 2}: ${result.ok ? '' : result.message}`).toBe(true);
    }
  });

  it('keeps time non-decreasing and every id unique', () => {
    const times = lines.map((l) => l.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(0);
    const ids = decoded.flatMap(({ result }) => {
      if (!result.ok) return [];
      const v = result.value;
      return v.type === 'batch' ? [v.id, ...v.messages.map((m) => m.id)] : [v.id];
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('dates every message at start + t, or earlier for when an incident happened', () => {
    for (const { t, m } of singles) {
      if (m.type === 'cap') continue;
      const now = startMs + t * 1000;
      const stamp =
        m.type === 'reading'
          ? m.observedAt
          : m.type === 'incident.report'
            ? m.occurredAt
            : m.type === 'team.dispatch'
              ? m.departedAt
              : m.at;
      expect(stamp.endsWith('+08:00'), m.id).toBe(true);
      if (m.type === 'incident.report') expect(Date.parse(stamp), m.id).toBeLessThanOrEqual(now);
      else expect(Date.parse(stamp), m.id).toBe(now);
    }
  });

  it('refers only to codes in the demo county, and to incidents already reported', () => {
    const c = county();
    const codes = (list: { code: string }[]) => new Set(list.map((x) => x.code));
    const [stations, items, warehouses] = [codes(c.stations), codes(c.items), codes(c.warehouses)];
    const villagesOf = new Map(c.townships.map((t) => [t.code, codes(t.villages)]));
    const reported = new Set<string>();
    for (const { m } of singles) {
      if (m.type === 'reading') expect(stations.has(m.station), m.id).toBe(true);
      if (m.type === 'stock.movement' || m.type === 'stock.count') {
        expect(warehouses.has(m.warehouse), m.id).toBe(true);
        expect(items.has(m.item), m.id).toBe(true);
      }
      if (m.type === 'stock.movement') {
        if (m.to !== undefined) expect(warehouses.has(m.to), m.id).toBe(true);
        if (m.incident !== undefined) expect(reported.has(m.incident), m.id).toBe(true);
      }
      if (m.type === 'incident.report') {
        expect(reported.has(m.incident), m.id).toBe(false);
        expect(villagesOf.get(m.township)?.has(m.village ?? ''), m.id).toBe(true);
        reported.add(m.incident);
      }
      if (m.type === 'incident.update') expect(reported.has(m.incident), m.id).toBe(true);
    }
  });

  it('never takes a counted balance below zero', () => {
    const balance = new Map<string, number>();
    const change = (warehouse: string, item: string, by: number, id: string) => {
      const key = `${warehouse}/${item}`;
      const next = (balance.get(key) ?? 0) + by;
      expect(next, `${id}: ${key}`).toBeGreaterThanOrEqual(0);
      balance.set(key, next);
    };
    for (const { m } of singles) {
      if (m.type === 'stock.count') balance.set(`${m.warehouse}/${m.item}`, m.quantity);
      if (m.type !== 'stock.movement') continue;
      const sign = m.kind === 'out' || m.kind === 'transfer' ? -1 : 1;
      change(m.warehouse, m.item, sign * m.quantity, m.id);
      if (m.kind === 'transfer' && m.to) change(m.to, m.item, m.quantity, m.id);
    }
  });

  it('tells the story: 超汛限, one gauge over 警戒, one gauge silent for 50 minutes', () => {
    const c = county();
    const reservoir = c.stations.find((s) => s.kind === 'reservoir')?.reservoir;
    const mainLimit = reservoir?.floodLimits.find((p) => p.from <= '07-19' && '07-19' <= p.to)?.level;
    if (!reservoir || mainLimit === undefined) throw new Error('no reservoir with a July flood limit');
    const lake = readingsOf('ST-RES-01');
    expect(lake[0]?.level).toBeLessThan(mainLimit);
    expect(maxLevel('ST-RES-01')).toBeGreaterThan(mainLimit);
    expect(reservoir.designFloodLevel - maxLevel('ST-RES-01')).toBeGreaterThanOrEqual(0.3);
    expect(reservoir.designFloodLevel - maxLevel('ST-RES-01')).toBeLessThanOrEqual(0.6);

    const overWarning = c.stations.filter((s) => s.gauge && maxLevel(s.code) >= s.gauge.warningLevel);
    expect(overWarning.map((s) => s.code)).toEqual(['ST-RH-02']);
    const rh02 = overWarning[0]?.gauge;
    expect(rh02 && rh02.guaranteeLevel - maxLevel('ST-RH-02')).toBeLessThanOrEqual(0.5);
    expect(rh02 && maxLevel('ST-RH-02')).toBeLessThan(rh02?.guaranteeLevel ?? 0);

    const longestGap = (station: string) => {
      const times = readingsOf(station).map((r) => r.t);
      return Math.max(...times.slice(1).map((t, i) => t - (times[i] ?? 0)));
    };
    const silent = c.stations.filter((s) => longestGap(s.code) > s.staleAfterMinutes * 60);
    expect(silent.map((s) => [s.code, longestGap(s.code)])).toEqual([['ST-BRH-02', 3000]]);
  });

  it('tells the story: an upgrade to 较大, a 较大涉险 rescue, stock sent to incidents, one incident closed', () => {
    const reports = singles.flatMap(({ m }) => (m.type === 'incident.report' ? [m] : []));
    const updates = singles.flatMap(({ m }) => (m.type === 'incident.update' ? [m] : []));
    expect(reports.length).toBeGreaterThanOrEqual(3);
    const upgraded = reports.find(
      (r) =>
        r.casualties.deaths < 3 &&
        updates.some((u) => u.incident === r.incident && (u.casualties?.deaths ?? 0) >= 3),
    );
    expect(upgraded).toBeDefined();
    expect(reports.some((r) => r.casualties.deaths === 0 && r.casualties.trapped >= 3)).toBe(true);
    expect(updates.some((u) => u.status === 'closed')).toBe(true);
    const moves = singles.flatMap(({ m }) => (m.type === 'stock.movement' ? [m] : []));
    expect(moves.some((m) => m.kind === 'out' && m.incident !== undefined)).toBe(true);
    expect(moves.some((m) => m.kind === 'transfer' && m.warehouse === 'WH-COUNTY')).toBe(true);
    expect(decoded.filter(({ result }) => result.ok && result.value.type === 'batch').length).toBeGreaterThan(
      2,
    );
  });

  it('sends some stock with the team it went with, each after that team was dispatched to the incident', () => {
    const dispatched = new Set<string>();
    const withTeam: string[] = [];
    for (const { m } of singles) {
      if (m.type === 'team.dispatch') dispatched.add(`${m.team}/${m.incident}`);
      if (m.type === 'stock.movement' && m.team !== undefined) {
        expect(dispatched.has(`${m.team}/${m.incident}`), `${m.id}: ${m.team} → ${m.incident}`).toBe(true);
        withTeam.push(m.team);
      }
    }
    expect(new Set(withTeam).size).toBeGreaterThanOrEqual(2);
  });
});

describe('the demo county config', () => {
  const mutated = (change: (c: ConfigInput) => void) => {
    const c = countyJson();
    change(c);
    const result = decodeConfig(c);
    return result.ok ? '(valid)' : result.message;
  };

  it('passes decodeConfig', () => {
    const result = decodeConfig(countyJson());
    expect(result.ok ? 'ok' : result.message).toBe('ok');
  });

  it('has the 18 townships and 285 villages of the seed report', () => {
    const c = county();
    expect(c.townships).toHaveLength(18);
    expect(c.townships.reduce((n, t) => n + t.villages.length, 0)).toBe(285);
    expect(c.warehouses.filter((w) => w.tier === 'township')).toHaveLength(18);
    expect(c.warehouses.find((w) => w.tier === 'county')?.areaM2).toBe(510);
  });

  it('hashes every token from the plaintext listed in demo-tokens.md', () => {
    const c = county();
    const table = read('county', 'demo-tokens.md')
      .split('\n')
      .filter((line) => line.startsWith('| `dw_'))
      .map((line) => {
        const [token = '', name = '', role = ''] = line
          .split('|')
          .slice(1)
          .map((cell) => cell.trim().replaceAll('`', ''));
        return { token, name, role };
      });
    expect(table.map((row) => row.name).sort()).toEqual(c.tokens.map((t) => t.name).sort());
    for (const token of c.tokens) {
      const row = table.find((r) => r.name === token.name);
      expect(row && sha256(row.token), token.name).toBe(token.hash);
      expect(row?.role, token.name).toBe(token.role);
    }
    const first = c.townships[0]?.code;
    const reporter = c.tokens.find((t) => t.hash === sha256(`dw_demo_reporter_${first}`));
    expect(reporter?.scope).toEqual({ townships: [first] });
    expect(c.tokens.find((t) => t.hash === sha256('dw_demo_officer'))?.person).toBe(
      c.duty.rotation[0]?.officer,
    );
    expect(c.tokens.find((t) => t.hash === sha256('dw_demo_leader'))?.person).toBe(
      c.duty.rotation[0]?.leader,
    );
    expect(c.tokens.find((t) => t.hash === sha256('dw_demo_chief'))?.person).toBe(c.duty.bureauChief);
  });

  it.each<[string, (c: ConfigInput) => void]>([
    [
      'stations[2].gauge.warningLevel',
      (c) => {
        c.stations[2]!.gauge!.warningLevel = '41.8' as unknown as number;
      },
    ],
    [
      'stations[1].township',
      (c) => {
        c.stations[1]!.township = 'T99';
      },
    ],
    [
      'stations[0].reservoir.normalLevel',
      (c) => {
        c.stations[0]!.reservoir!.normalLevel = c.stations[0]!.reservoir!.deadLevel - 1;
      },
    ],
    [
      'stations[0].reservoir.floodLimits[1].level',
      (c) => {
        c.stations[0]!.reservoir!.floodLimits[1]!.level = 60;
      },
    ],
    [
      'townships[1].villages[0].code',
      (c) => {
        c.townships[1]!.villages[0]!.code = c.townships[0]!.villages[0]!.code;
      },
    ],
    [
      'warehouses[0].minimums.TENT',
      (c) => {
        c.warehouses[0]!.minimums = { TENT: 5 };
      },
    ],
    [
      'duty.rotation[0].officer',
      (c) => {
        c.duty.rotation[0]!.officer = 'nobody';
      },
    ],
    [
      'tokens[0].hash',
      (c) => {
        c.tokens[0]!.hash = c.tokens[0]!.hash.toUpperCase().replace('SHA256', 'sha256');
      },
    ],
  ])('refuses a config with a bad %s, naming the path', (path, change) => {
    expect(mutated(change).slice(0, path.length + 1)).toBe(`${path}:`);
  });
});

describe('encodeServerMessage', () => {
  it('writes an ack as JSON.stringify would, whatever characters its id holds', () => {
    for (const id of ['r-1', 'a"b', 'back\\slash', '~!@#$%^&*()_+{}|:<>?', 'x'.repeat(128)]) {
      expect(encodeServerMessage(ack(id))).toBe(JSON.stringify(ack(id)));
      expect(encodeServerMessage(ack(id, true))).toBe(JSON.stringify(ack(id, true)));
      expect(JSON.parse(encodeServerMessage(ack(id)))).toEqual({ v: 1, type: 'ack', id });
    }
  });
});
