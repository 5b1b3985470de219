// One file on purpose (over 250 lines): the county-to-city relay with two real collectors; every case needs both
// and the relay between them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCollector } from '../../server/collector.js';
import { type AlertFeed, configSchema } from '../../src/protocol/index.js';
import { alertCapIdentifier, isForwardedAlert } from '../../src/relay/alert-cap.js';
import { startRelay } from '../../src/relay/relay.js';
import { openSpool } from '../../src/relay/spool.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { chengguanFloodReport } from '../helpers/ingest-messages.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, requestById } from '../helpers/ws-client.js';
import {
  captureLogger,
  incidentState,
  ingestFeeder,
  journalIds,
  query,
  RELAY_TOKEN,
  RELAY_TOKEN_NAME,
  readings,
  relayConfigInput,
  relayTestScope,
  storedReadings,
  waitFor,
} from './harness.js';

const scope = relayTestScope();

const FAST = { backoff: { initialMs: 50, maxMs: 500 }, statsIntervalMs: 0 };

/**
 * A relay from `from` to `to` with the test tokens and fast backoff, stopped after the test; unless the test
 * names them, a spool of its own and a logger that keeps its lines out of the test output.
 */
function relayBetween(from: string, to: string, options: Partial<Parameters<typeof startRelay>[0]> = {}) {
  const relay = startRelay({
    from,
    fromToken: TOKENS.viewer,
    to,
    token: RELAY_TOKEN,
    ...FAST,
    ...options,
    spoolPath: options.spoolPath ?? join(scope.tempDir(), 'relay.db'),
    logger: options.logger ?? captureLogger(),
  });
  scope.defer(() => relay.stop());
  return relay;
}

/** The flood report, in 东村 (T1V1). */
const incident = (code: string, at: number) => ({ ...chengguanFloodReport(code, at), village: 'T1V1' });

const update = (code: string, n: number, at: number, fields: Record<string, unknown>) => ({
  type: 'incident.update',
  id: `upd-${code}-${n}`,
  incident: code,
  at: new Date(at).toISOString(),
  ...fields,
});

describe('relay county → city', () => {
  it('loses nothing and doubles nothing across a city collector killed with -9 and restarted', async () => {
    const county = await scope.collector();
    const cityDir = scope.tempDir();
    const cityConfig = writeConfig(cityDir, relayConfigInput());
    const cityDb = join(cityDir, 'city.db');
    let city = await startCollectorProcess(cityConfig, cityDb);
    scope.defer(() => {
      city.child.kill('SIGKILL');
    });
    const spoolPath = join(scope.tempDir(), 'relay.db');
    const logger = captureLogger();
    const relay = relayBetween(county.url, city.url, { spoolPath, logger });
    const feeder = await scope.feeder(county.url);
    const start = Date.now() - 2 * 3_600_000;
    const code = 'T1-20260720-01';

    // Before the cut: 100 readings and an incident, forwarded as they come.
    await waitFor(() => relay.stats().county === 'up' && relay.stats().city === 'up', 'both links up');
    await feeder.send(readings('a', start, 100));
    await feeder.send([incident(code, start)]);
    await waitFor(() => relay.stats().spooled === 101, 'the report spooled');
    await feeder.send([
      update(code, 1, start + 60_000, { casualties: { trapped: 0 }, note: '被困群众已转移' }),
    ]);
    await waitFor(() => relay.stats().forwarded === 102 && relay.stats().queued === 0, 'all forwarded');
    expect(storedReadings(cityDb)).toHaveLength(100);

    // The city dies without a chance to flush; the county goes on.
    await city.kill9();
    await waitFor(() => relay.stats().city === 'down', 'the relay to see the city link down');
    await feeder.send(readings('b', start + 200_000, 300));
    await waitFor(() => relay.stats().spooled === 402, 'readings spooled during the cut');
    await feeder.send([
      update(code, 2, start + 500_000, { casualties: { deaths: 3 }, directLossYuan: 2_000_000 }),
    ]);
    await waitFor(() => relay.stats().spooled === 403, 'the escalation spooled');
    await feeder.send(readings('c', start + 600_000, 100));
    await waitFor(() => relay.stats().spooled === 503, 'more readings spooled');
    await feeder.send([update(code, 3, start + 700_000, { status: 'closed' })]);
    await waitFor(() => relay.stats().spooled === 504, 'the closing spooled');
    const waiting = relay.stats().queued;
    expect(waiting).toBe(402);
    expect(relay.stats().forwarded).toBe(102);

    // The city comes back on the same database and port; the relay catches up in order.
    city = await startCollectorProcess(cityConfig, cityDb, ['--port', String(city.port)]);
    const listeningAt = Date.now();
    await waitFor(() => relay.stats().queued === 0 && relay.stats().forwarded >= 504, 'catch-up', 120_000);
    const caughtUp = logger.lines.find((l) => l.includes('relay.caught_up')) ?? '';
    process.stderr.write(
      `relay: ${waiting} messages spooled across the cut; queue empty ${Date.now() - listeningAt} ms after the ` +
        `city listened again (${caughtUp})\n`,
    );
    expect(logger.count('relay.caught_up')).toBeGreaterThanOrEqual(1);
    expect(logger.count('relay.dead_letter')).toBe(0);

    await relay.stop();
    city.child.kill('SIGTERM');
    expect(await city.exited).toBe(0);

    // Every forwarded message is on the city side exactly once, in the order the relay spooled it.
    const spool = openSpool(spoolPath);
    const delivered = spool.deliveredIds();
    expect(spool.counts()).toEqual({ queued: 0, delivered: 504, dead: 0 });
    spool.close();
    const stored = journalIds(cityDb, RELAY_TOKEN_NAME);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual(delivered);
    expect(stored.filter((id) => id.startsWith('ir:'))).toEqual([`ir:${code}`]);
    expect(stored.filter((id) => id.startsWith('iu:'))).toHaveLength(3);

    // And it is the county's data: the same readings in the same order, the incident as it stands.
    expect(storedReadings(cityDb)).toEqual(storedReadings(county.dbPath));
    expect(incidentState(cityDb, code)).toEqual(incidentState(county.dbPath, code));
    expect(incidentState(cityDb, code)).toMatchObject({ deaths: 3, trapped: 0, status: 'closed' });
  }, 180_000);

  it('forwards nothing twice when the county restarts and sends a resync snapshot', async () => {
    const dir = scope.tempDir();
    const countyDb = join(dir, 'county.db');
    const config = configSchema.parse(relayConfigInput());
    let county = createCollector({ config, dbPath: countyDb });
    const port = await county.listen(0);
    scope.defer(() => county.close());
    const city = await scope.collector();
    const logger = captureLogger();
    const relay = relayBetween(`ws://127.0.0.1:${port}`, city.url, {
      spoolPath: join(dir, 'relay.db'),
      logger,
    });
    const start = Date.now() - 3_600_000;
    const code = 'T2-20260720-01';

    let feeder = await ingestFeeder(`ws://127.0.0.1:${port}`, TOKENS.source);
    await feeder.send(readings('a', start, 50));
    await feeder.send([{ ...incident(code, start), township: 'T2', village: 'T2V1' }]);
    await waitFor(() => relay.stats().forwarded === 51 && relay.stats().queued === 0, 'first part forwarded');
    feeder.close();

    // A new county process: a new epoch, so the relay's resume gets the whole picture again.
    await county.close();
    county = createCollector({ config, dbPath: countyDb });
    await county.listen(port);
    await waitFor(() => logger.count('relay.snapshot_taken') >= 2, 'the resync snapshot');
    const resync = logger.lines.filter((l) => l.includes('relay.snapshot_taken')).at(-1) ?? '';
    // Every reading in the snapshot was derived again, under the same id, and the spool had them all; the
    // incident, at the state already forwarded, derived nothing.
    expect(resync).toContain('"derived":50');
    expect(resync).toContain('"spooled":0');

    feeder = await ingestFeeder(`ws://127.0.0.1:${port}`, TOKENS.source);
    await feeder.send(readings('b', start + 100_000, 10));
    await feeder.send([update(code, 1, start + 200_000, { status: 'closed' })]);
    await waitFor(
      () => relay.stats().forwarded === 62 && relay.stats().queued === 0,
      'second part forwarded',
    );
    feeder.close();
    expect(relay.stats()).toMatchObject({ spooled: 62, duplicates: 0, dead: 0 });
    const stored = journalIds(city.dbPath, RELAY_TOKEN_NAME);
    expect(stored).toHaveLength(62);
    expect(new Set(stored).size).toBe(62);
    expect(storedReadings(city.dbPath)).toEqual(storedReadings(countyDb));
    expect(incidentState(city.dbPath, code)).toEqual(incidentState(countyDb, code));
  }, 120_000);

  it("forwards every reading a county's thinned snapshot would sample: it asks for the whole history", async () => {
    // A county past its snapshot history budget (issue 19.6): screens get the older day sampled; a relay that
    // started late must still forward every reading of it, so it asks for snapshots that are never thinned.
    const county = await scope.collector((c) => {
      c.server = { ...c.server, snapshotHistoryPoints: 10 };
    });
    const city = await scope.collector();
    const start = Date.now() - 7 * 3_600_000;
    const feeder = await ingestFeeder(county.url, TOKENS.source);
    await feeder.send(
      Array.from({ length: 40 }, (_, i) => ({
        type: 'reading',
        id: `day-${i}`,
        station: 'G1',
        observedAt: new Date(start + i * 10 * 60_000).toISOString(),
        level: 8 + i / 100,
      })),
    );
    feeder.close();
    const logger = captureLogger();
    const relay = relayBetween(county.url, city.url, { logger });
    await waitFor(() => relay.stats().forwarded === 40 && relay.stats().queued === 0, 'the day forwarded');
    expect(logger.lines.find((l) => l.includes('relay.snapshot_taken'))).toContain('"derived":40');
    expect(storedReadings(city.dbPath)).toEqual(storedReadings(county.dbPath));
  }, 120_000);

  it('dead-letters what the city refuses for good, loudly, and forwards the rest in order', async () => {
    const county = await scope.collector();
    // The city does not know the reservoir R1: every R1 reading is UNKNOWN_REFERENCE there.
    const city = await scope.collector((input) => {
      input.stations = (input.stations ?? []).filter((s) => s.code !== 'R1');
    });
    // The county has the readings before the relay starts: its first snapshot derives all 40 at once, and they
    // go to the city as batches holding both stations, so each refusal must name the one message at fault.
    const feeder = await scope.feeder(county.url);
    await feeder.send(readings('x', Date.now() - 3_600_000, 40));
    const spoolPath = join(scope.tempDir(), 'relay.db');
    const logger = captureLogger();
    const relay = relayBetween(county.url, city.url, { spoolPath, logger });
    await waitFor(() => relay.stats().queued === 0 && relay.stats().spooled === 40, 'the queue to drain');

    expect(relay.stats()).toMatchObject({ forwarded: 20, deadLettered: 20, dead: 20 });
    expect(logger.count('relay.dead_letter')).toBe(20);
    const line = logger.lines.find((l) => l.includes('relay.dead_letter')) ?? '';
    expect(line).toMatch(/^error relay\.dead_letter .*"id":"rd:R1:.*"code":"UNKNOWN_REFERENCE"/);
    await relay.stop();

    const spool = openSpool(spoolPath);
    const dead = spool.deadLetters();
    spool.close();
    expect(dead.map((d) => d.code)).toEqual(Array(20).fill('UNKNOWN_REFERENCE'));
    expect(dead.every((d) => d.id.startsWith('rd:R1:'))).toBe(true);
    const g1 = storedReadings(county.dbPath).filter((r) => r.station === 'G1');
    expect(storedReadings(city.dbPath)).toEqual(g1);
    expect(query(city.dbPath, 'SELECT COUNT(*) AS n FROM readings')).toEqual([{ n: 20 }]);
  }, 120_000);

  it('retries what the city cannot take just then (RATE_LIMITED) and still stores everything in order', async () => {
    const county = await scope.collector();
    // A city that takes at most 10 messages at once and 50 a second: far below one 200-message batch.
    const city = await scope.collector((input) => {
      input.server = { rateLimitPerSecond: 50, rateLimitBurst: 10 };
    });
    const feeder = await scope.feeder(county.url);
    await feeder.send(readings('r', Date.now() - 3_600_000, 120));
    const logger = captureLogger();
    const relay = relayBetween(county.url, city.url, {
      logger,
      retryBackoff: { initialMs: 50, maxMs: 200 },
    });
    await waitFor(() => relay.stats().spooled === 120 && relay.stats().queued === 0, 'the queue to drain');
    expect(logger.count('relay.city_deferred')).toBeGreaterThan(0);
    expect(relay.stats()).toMatchObject({ forwarded: 120, dead: 0 });
    expect(storedReadings(city.dbPath)).toEqual(storedReadings(county.dbPath));
    expect(journalIds(city.dbPath, RELAY_TOKEN_NAME)).toHaveLength(120);
  }, 120_000);

  it('sends smaller frames to a city whose frame limit a batch exceeds (close 1009), losing nothing', async () => {
    const county = await scope.collector();
    const city = await scope.collector((input) => {
      input.server = { ...input.server, maxPayloadBytes: 4096 };
    });
    const feeder = await scope.feeder(county.url);
    await feeder.send(readings('p', Date.now() - 3_600_000, 120));
    const logger = captureLogger();
    const relay = relayBetween(county.url, city.url, { logger });
    await waitFor(() => relay.stats().spooled === 120 && relay.stats().queued === 0, 'the queue to drain');
    expect(logger.lines.some((l) => l.includes('relay.city_down') && l.includes('"code":1009'))).toBe(true);
    expect(relay.stats()).toMatchObject({ forwarded: 120, dead: 0 });
    expect(storedReadings(city.dbPath)).toEqual(storedReadings(county.dbPath));
  }, 120_000);

  it('forwards a county alert as CAP: the city opens one alert for it and closes it on the Cancel', async () => {
    const county = await scope.collector();
    const city = await scope.collector();
    relayBetween(county.url, city.url, {
      kinds: ['alerts'],
      capSenderName: '测试县应急管理局',
    });
    const feeder = await scope.feeder(county.url);
    // G1 over its guaranteed level (12 m): a critical station alert on the county's desk.
    await feeder.send([
      { type: 'reading', id: 'g1-high', station: 'G1', observedAt: new Date().toISOString(), level: 12.5 },
    ]);
    const countyAlert = () =>
      county.collector.engine.snapshotParts(Date.now()).alerts.find((a) => a.key === 'water.guarantee:G1');
    const cityAlerts = () =>
      city.collector.engine.snapshotParts(Date.now()).alerts.filter((a) => a.subject.kind === 'cap');
    await waitFor(() => cityAlerts().length === 1, 'the city to raise the forwarded alert');
    const forwarded = cityAlerts()[0];
    const original = countyAlert();
    expect(forwarded?.key).toBe(`cap:dutywatch-relay/dutywatch-alert-${original?.id}-${original?.openedAt}`);
    expect(forwarded?.title.zh).toBe(`测试县应急管理局：${original?.title.zh}（测试县城关镇汝河大桥）`);
    expect(forwarded).toMatchObject({ class: 'cap.severe', severity: 'critical', state: 'triggered' });

    const admin = await connect(county.url, '/watch', TOKENS.admin);
    scope.defer(() => admin.close());
    const reply = await requestById(admin, {
      id: 'resolve-1',
      type: 'alert.resolve',
      alert: original?.id,
      reason: '水位已核实回落',
    });
    expect(reply).toMatchObject({ type: 'ack' });
    await waitFor(() => cityAlerts()[0]?.state === 'closed', 'the Cancel to close the city alert');
    expect(cityAlerts()).toHaveLength(1);
    expect(query(city.dbPath, 'SELECT msg_type FROM cap_messages ORDER BY id')).toEqual([
      { msg_type: 'Alert' },
      { msg_type: 'Cancel' },
    ]);
  }, 120_000);

  it('shows the city one alert per county condition: its own from forwarded readings, CAP for the rest', async () => {
    const county = await scope.collector();
    const city = await scope.collector();
    relayBetween(county.url, city.url, { kinds: ['readings', 'alerts'] });
    const feeder = await scope.feeder(county.url);
    const open = (c: typeof county) =>
      c.collector.engine.snapshotParts(Date.now()).alerts.filter((a) => a.state !== 'closed');
    // G1 over its guaranteed level: the city gets the reading and judges it itself.
    await feeder.send([
      { type: 'reading', id: 'g1-high', station: 'G1', observedAt: new Date().toISOString(), level: 12.5 },
    ]);
    await waitFor(() => open(city).some((a) => a.key === 'water.guarantee:G1'), "the city's own G1 alert");
    // Tents below the minimum: stock does not go up, so the city learns of it only from the county's CAP.
    await feeder.send([
      {
        type: 'stock.count',
        id: 'w1-tent',
        warehouse: 'W1',
        item: 'TENT',
        quantity: 3,
        at: new Date().toISOString(),
      },
    ]);
    await waitFor(() => open(city).some((a) => a.subject.kind === 'cap'), 'the stock alert as CAP');

    // The relay forwards in order, so anything sent about G1 before the stock alert has arrived by now.
    const sentUp = query<{ xml: string }>(city.dbPath, 'SELECT xml FROM cap_messages ORDER BY id');
    expect(sentUp).toHaveLength(1);
    expect(sentUp[0]?.xml).toContain('<event>救灾物资低于储备定额</event>');
    const countyConditions = open(county).filter((a) => isForwardedAlert(a));
    expect(countyConditions.map((a) => a.key).sort()).toEqual(['stock.low:W1:TENT', 'water.guarantee:G1']);
    const cityShown = open(city).filter((a) => a.severity !== 'info' && a.inhibitedBy === null);
    const stockAlert = countyConditions.find((a) => a.subject.kind === 'stock');
    expect(cityShown.map((a) => a.key).sort()).toEqual([
      `cap:dutywatch-relay/${alertCapIdentifier(stockAlert as AlertFeed)}`,
      'water.guarantee:G1',
    ]);
  }, 120_000);
});
