import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SCENARIO, DEMO_TOKENS } from '../../src/cli/demo.js';
import type { ConfigInput, Snapshot } from '../../src/protocol/index.js';
import { runReplay } from '../../src/replay/replay-runner.js';
import { readScenario } from '../../src/replay/scenario.js';
import { WORDS, type Words } from '../../src/state/handover/words.js';
import { reduce } from '../../src/state/reducer.js';
import { selectStationRows } from '../../src/state/selectors/stations.js';
import { selectStockRows } from '../../src/state/selectors/stock.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { runDutywatch, startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { type Frame, watch } from '../helpers/watch-client.js';
import { requestById } from '../helpers/ws-client.js';
import { linkArgs } from './link-args.js';

const HOUR = 3_600_000;
const NOTE = '白鹭湖水库坝下三村转移已完成，请接班后 23:00 再核实一次人数';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-handover-'));
let server: Awaited<ReturnType<typeof startCollectorProcess>>;

beforeAll(async () => {
  const config = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')) as ConfigInput;
  server = await startCollectorProcess(writeConfig(dir, config), join(dir, 'demo.db'));
  // Six hours of flood night ending half an hour ago: readings are recent history the collector accepts.
  const replay = await runReplay({
    url: server.url,
    token: DEMO_TOKENS.source,
    scenario: readScenario(DEMO_SCENARIO),
    speed: Number.POSITIVE_INFINITY,
    startAt: Date.now() - 6.5 * HOUR,
  });
  expect(replay.errors).toBe(0);
  const officer = await watch(server.url, DEMO_TOKENS.officer);
  const reply = await requestById(officer.ws, { id: 'note-1', type: 'note', text: NOTE });
  expect(reply.type).toBe('ack');
  // The engine judges new data shortly after each commit; wait until it has opened alerts of every kind.
  await officer.until((frames) => {
    const kinds = new Set(openAlertsIn(frames).map((a) => a.subject.kind));
    return ['station', 'stock', 'incident'].every((k) => kinds.has(k));
  });
  // Passes made mid-replay may have worded an alert from older data (a stale station's last reading): wait
  // until the feed has carried no alert change for two ticks, so the picture compared below is the final one.
  let seen = -1;
  while (alertChanges(officer.frames) !== seen) {
    seen = alertChanges(officer.frames);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  officer.ws.close();
}, 60_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('dutywatch handover --markdown', () => {
  it('prints a report containing every open item of the demo scenario', async () => {
    const snapshot = await freshSnapshot();
    const now = Date.now();
    const state = reduce(initialWatchState, { type: 'server', msg: snapshot, at: now });
    const result = await runDutywatch([
      'handover',
      '--markdown',
      ...linkArgs(server.url, DEMO_TOKENS.officer),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = sections(result.stdout, WORDS.zh);
    expect(report.title).toContain('汝川县值班交接报告');

    const alerts = snapshot.alerts.filter((a) => a.state !== 'closed');
    expect(alerts.length).toBeGreaterThan(10);
    for (const alert of alerts) expect(itemOf(report.alerts, `#${alert.id}`)).toContain(alert.title.zh);

    const clocks = snapshot.obligations.filter((o) => o.state === 'open');
    expect(clocks.length).toBeGreaterThan(0);
    for (const clock of clocks) expect(itemOf(report.clocks, `#${clock.id}`)).toContain(clock.incident);

    const incidents = snapshot.incidents.filter((i) => i.status === 'open');
    expect(incidents.length).toBeGreaterThan(0);
    for (const incident of incidents)
      expect(report.incidents).toContain(`**${incident.code}** ${incident.title}`);

    // The selectors decide what is over a threshold; the report must list at least what they flag.
    const stations = selectStationRows(state, now, { names: 'zh' }).filter(
      (s) => s.stale || s.condition === 'warning' || s.condition === 'danger',
    );
    expect(stations.length).toBeGreaterThan(0);
    for (const station of stations) expect(report.stations).toContain(`**${station.code}** ${station.name}`);

    const short = selectStockRows(state, now, { names: 'zh' }).filter((r) => r.isBelowMinimum);
    expect(short.length).toBeGreaterThan(0);
    const stockLines = report.stock.split('\n');
    for (const row of short) {
      const amount = `${row.itemName}${row.isReported ? '；' : ' '}${row.usable}/${row.minimum}${row.unit}`;
      const matches = stockLines.filter((l) => l.includes(`**${row.warehouseName}**`) && l.includes(amount));
      expect(matches, `${row.warehouseName} ${amount}`).toHaveLength(1);
    }

    expect(itemWith(report.notes, NOTE)).toContain('王磊');
  }, 60_000);

  it('writes the English report to --out', async () => {
    const out = join(dir, 'handover-en.md');
    const snapshot = await freshSnapshot();
    const result = await runDutywatch([
      'handover',
      '--markdown',
      '--lang',
      'en',
      '--out',
      out,
      ...linkArgs(server.url, DEMO_TOKENS.leader),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const report = sections(readFileSync(out, 'utf8'), WORDS.en);
    expect(report.title).toContain('Handover report: Ruchuan Xian');
    for (const alert of snapshot.alerts.filter((a) => a.state !== 'closed')) {
      expect(itemOf(report.alerts, `#${alert.id}`)).toContain(alert.title.en);
    }
    expect(report.snoozes).toContain('None.');
    expect(itemWith(report.notes, NOTE)).toContain('Wang Lei');
  });

  it('exits 1 with the reason when the token is refused', async () => {
    const result = await runDutywatch(['handover', '--markdown', ...linkArgs(server.url, 'dw_wrong')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the token \(HTTP 401\)/);
    expect(result.stdout).toBe('');
  });

  it('exits 1 naming the URL when no snapshot comes in time', async () => {
    // A port nobody listens on: the client retries until the timeout, then says where it tried.
    const result = await runDutywatch([
      'handover',
      '--markdown',
      '--timeout',
      '1',
      ...linkArgs('ws://127.0.0.1:9', DEMO_TOKENS.officer),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no snapshot from ws://127.0.0.1:9/watch within 1 s');
  });

  it('is a usage error without --markdown, or with an unknown language', async () => {
    const bare = await runDutywatch(['handover', '--token', DEMO_TOKENS.officer]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('only --markdown exists');
    const lang = await runDutywatch(['handover', '--markdown', '--lang', 'fr', '--token', 'x']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be zh or en');
  });
});

type AlertFrame = { id: number; state: string; subject: { kind: string } };

// The alerts as a watcher sees them: the snapshot's, then every later version from the deltas.
function openAlertsIn(frames: Frame[]): AlertFrame[] {
  const alerts = new Map<number, AlertFrame>();
  for (const frame of frames) {
    if (frame.type === 'snapshot') for (const a of frame['alerts'] as AlertFrame[]) alerts.set(a.id, a);
    for (const change of (frame.changes ?? []) as { kind: string; alert?: AlertFrame }[]) {
      if (change.kind === 'alert' && change.alert) alerts.set(change.alert.id, change.alert);
    }
  }
  return [...alerts.values()].filter((a) => a.state !== 'closed');
}

function alertChanges(frames: Frame[]): number {
  return frames.flatMap((f) => (f.changes ?? []) as { kind: string }[]).filter((c) => c.kind === 'alert')
    .length;
}

// Taken before the report runs: alerts only open or climb in the seconds between, so the report holds a superset.
async function freshSnapshot(): Promise<Snapshot> {
  const viewer = await watch(server.url, DEMO_TOKENS.viewer);
  await viewer.until((frames) => frames.some((f) => f.type === 'snapshot'));
  viewer.ws.close();
  return viewer.frames.find((f) => f.type === 'snapshot') as unknown as Snapshot;
}

type Section = 'alerts' | 'clocks' | 'snoozes' | 'incidents' | 'stations' | 'stock' | 'notes';

// Splits the report at its `## ` headings, found by each section's title in the report's language.
function sections(markdown: string, w: Words): Record<Section | 'title', string> {
  const [title = '', ...parts] = markdown.split(/^## /m);
  // The notes heading carries the shift start; its words before that are enough to find it.
  const titles: Record<Section, string> = {
    ...w.sections,
    notes: w.sections.notes('\0').split('\0')[0] ?? '',
  };
  const find = (key: Section) => {
    const prefix = titles[key].trim();
    const matching = parts.filter((p) => p.startsWith(prefix));
    expect(matching, `section ${key}`).toHaveLength(1);
    return matching[0] as string;
  };
  return {
    title,
    alerts: find('alerts'),
    clocks: find('clocks'),
    snoozes: find('snoozes'),
    incidents: find('incidents'),
    stations: find('stations'),
    stock: find('stock'),
    notes: find('notes'),
  };
}

// The one list item of a section that starts with `**marker**`.
function itemOf(section: string, marker: string): string {
  const lines = section.split('\n').filter((l) => l.startsWith(`- **${marker}** `));
  expect(lines, marker).toHaveLength(1);
  return lines[0] as string;
}

// The one list item of a section that contains `text`.
function itemWith(section: string, text: string): string {
  const lines = section.split('\n').filter((l) => l.startsWith('- ') && l.includes(text));
  expect(lines, text).toHaveLength(1);
  return lines[0] as string;
}
