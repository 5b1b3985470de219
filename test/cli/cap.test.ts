import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capToIncident } from '../../src/cap/incident-cap.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { configSchema } from '../../src/protocol/index.js';
import { capAlert } from '../helpers/cap-builder.js';
import { runDutywatch, writeConfig } from '../helpers/collector-process.js';
import { encodeGb18030 } from '../helpers/gb-encoder.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request, requestById } from '../helpers/ws-client.js';
import { linkArgs } from './link-args.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-cap-cli-'));
const configPath = writeConfig(dir, testConfigInput());
let running: RunningCollector;

beforeAll(async () => {
  running = await startCollector({ config: configSchema.parse(testConfigInput()) });
});
afterAll(async () => {
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `dutywatch cap export` against the running collector's database and this config. */
const exportCap = (code: string, ...extra: string[]) =>
  runDutywatch(['cap', 'export', code, ...extra, '--config', configPath, '--db', running.dbPath]);

const INCIDENT = {
  type: 'incident.report',
  id: 'inc-1',
  incident: 'INC-T1-01',
  category: 'accident',
  kind: 'production_safety',
  title: '城关镇建材厂坍塌',
  township: 'T1',
  village: 'T1V1',
  location: '建材厂二号车间',
  occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
  casualties: { deaths: 3, missing: 1, seriousInjuries: 2, injuries: 4, trapped: 0, evacuated: 30 },
  directLossYuan: 2_500_000,
};

describe('dutywatch cap', () => {
  it('prints help, and refuses a missing or unknown subcommand with exit 2', async () => {
    expect((await runDutywatch(['cap', '--help'])).stdout).toContain(
      'dutywatch cap <import|validate|export|report>',
    );
    const none = await runDutywatch(['cap']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('import, validate, export or report');
    expect((await runDutywatch(['cap', 'frobnicate'])).code).toBe(2);
  });

  it('validate names every problem of a broken document and exits 1', async () => {
    const file = join(dir, 'bad.xml');
    writeFileSync(
      file,
      writeCap(capAlert({ identifier: 'W-1', sentAt: Date.now() })).replace(
        '<severity>Severe</severity>',
        '<severity>Bad</severity>',
      ),
    );
    const result = await runDutywatch(['cap', 'validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('alert.info[0].severity');
  });

  it('import sends a drill to the collector, twice stored once; report gives its after-action times', async () => {
    const file = join(dir, 'drill.xml');
    writeFileSync(
      file,
      writeCap(capAlert({ identifier: 'DRILL-1', sentAt: Date.now(), status: 'Exercise' })),
    );
    const args = ['cap', 'import', file, ...linkArgs(running.url, TOKENS.source)];
    const first = await runDutywatch(args);
    expect(first.stdout).toContain('accepted');
    expect(first.code).toBe(0);
    const second = await runDutywatch(args);
    expect(second.stdout).toContain('already received');
    running.collector.engine.evaluate();
    const report = await runDutywatch(['cap', 'report', '--db', running.dbPath, '--config', configPath]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('DRILL');
    expect(report.stdout).toContain('DRILL-1');
    expect(report.stdout).toMatch(/Time to acknowledge 确认 \| \*\*not done\*\*/);
  });

  it('validate and import agree on a GBK document: valid, accepted, stored with the right Chinese (issue 14)', async () => {
    const headline = '汝川县沙口镇暴雨红色预警';
    const xml = writeCap(capAlert({ identifier: 'GBK-CLI', sentAt: Date.now() }, { headline }));
    const file = join(dir, 'gbk.xml');
    writeFileSync(
      file,
      encodeGb18030(xml.replace(/^<\?xml[^?]*\?>/, '<?xml version="1.0" encoding="GBK"?>')),
    );
    const validated = await runDutywatch(['cap', 'validate', file]);
    expect(validated.stdout).toContain('valid CAP 1.2 (GBK)');
    expect(validated.code).toBe(0);
    const imported = await runDutywatch(['cap', 'import', file, ...linkArgs(running.url, TOKENS.source)]);
    expect(imported.stdout).toContain('accepted');
    const stored = running.collector.db
      .prepare("SELECT headline FROM cap_threads WHERE identifier = 'GBK-CLI'")
      .get();
    expect(stored).toEqual({ headline });

    // The same bytes without their declaration are UTF-8 by default, and both refuse them alike.
    const bare = join(dir, 'gbk-undeclared.xml');
    writeFileSync(bare, encodeGb18030(xml.replace(/^<\?xml[^?]*\?>/, '')));
    const refused = await runDutywatch(['cap', 'validate', bare]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('is not valid UTF-8');
    const notImported = await runDutywatch(['cap', 'import', bare, ...linkArgs(running.url, TOKENS.source)]);
    expect(notImported.code).toBe(1);
    expect(notImported.stdout).toContain('is not valid UTF-8');
  });

  it('export writes the incident as CAP 1.2 that parses back to the same incident, and its ack as msgType Ack', async () => {
    const source = await connect(running.url, '/ingest', TOKENS.source);
    expect(await request(source, INCIDENT)).toMatchObject({ type: 'ack' });
    source.close();
    const exported = await exportCap('INC-T1-01');
    expect(exported.code).toBe(0);
    const parsed = parseCap(exported.stdout);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.alert).toMatchObject({ msgType: 'Alert', status: 'Actual', sender: '410000000' });
    expect(parsed.alert.identifier).toMatch(/^41000000000000_\d{14}_\d$/);
    const back = capToIncident(parsed.alert);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.incident).toMatchObject({
      code: 'INC-T1-01',
      category: 'accident',
      kind: 'production_safety',
      title: INCIDENT.title,
      township: 'T1',
      village: 'T1V1',
      location: INCIDENT.location,
      occurredAt: Date.parse(INCIDENT.occurredAt),
      casualties: INCIDENT.casualties,
      directLossYuan: INCIDENT.directLossYuan,
      status: 'open',
    });
    // Exporting again gives the same document: a receiver stores it once.
    const again = await exportCap('INC-T1-01');
    expect(again.stdout).toBe(exported.stdout);

    const noAck = await exportCap('INC-T1-01', '--ack');
    expect(noAck.code).toBe(1);
    expect(noAck.stderr).toContain('acknowledged');

    running.collector.engine.evaluate();
    const alert = running.collector.engine
      .snapshotParts(Date.now())
      .alerts.find((a) => a.subject.kind === 'incident' && a.subject.code === 'INC-T1-01');
    expect(alert).toBeDefined();
    const officer = await connect(running.url, '/watch', TOKENS.officer);
    const ack = await requestById(officer, {
      id: 'ack-1',
      type: 'alert.ack',
      alert: alert?.id,
      reason: '已报带班领导',
      recheckAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    officer.close();
    expect(ack).toMatchObject({ type: 'ack' });
    const acked = await exportCap('INC-T1-01', '--ack');
    expect(acked.code).toBe(0);
    const ackDoc = parseCap(acked.stdout);
    if (!ackDoc.ok) throw new Error(JSON.stringify(ackDoc.problems));
    expect(ackDoc.alert.msgType).toBe('Ack');
    expect(ackDoc.alert.references).toEqual([
      { sender: parsed.alert.sender, identifier: parsed.alert.identifier, sent: parsed.alert.sent },
    ]);
  });

  it('export of an unknown incident exits 1 naming it', async () => {
    const result = await exportCap('NOPE');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"NOPE"');
  });
});
