import { describe, expect, it } from 'vitest';
import { exportIncident } from '../../server/cap/export-incident.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { chengguanFloodReport } from '../helpers/ingest-messages.js';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS, testConfig } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

const NOW = Date.UTC(2026, 6, 19, 18, 0, 0, 250);
const collectors = collectorsPerTest();

const report = (code: string) => chengguanFloodReport(code, NOW - 600_000);

describe('exportIncident', () => {
  it('gives every document issued in one second its own identifier: two Alerts, then an Update of the first', async () => {
    const running = await collectors.start({ clock: manualClock(NOW) });
    const source = await connect(running.url, '/ingest', TOKENS.source);
    // Both reported and one updated within the same millisecond, as a replay at full speed does.
    for (const msg of [
      report('INC-A'),
      report('INC-B'),
      {
        type: 'incident.update',
        id: 'upd-A',
        incident: 'INC-A',
        at: new Date(NOW).toISOString(),
        casualties: { injuries: 2 },
      },
    ]) {
      expect(await request(source, msg)).toMatchObject({ type: 'ack' });
    }
    source.close();
    const config = testConfig();
    const db = running.collector.db;
    const a = exportIncident(db, config, 'INC-A', { ack: false });
    const b = exportIncident(db, config, 'INC-B', { ack: false });
    if (!a.ok || !b.ok) throw new Error('export failed');
    expect(a.alert.msgType).toBe('Update');
    expect(b.alert.msgType).toBe('Alert');
    const originalA = a.alert.references[0];
    const ids = [originalA?.identifier, b.alert.identifier, a.alert.identifier];
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((id) => id?.slice(-1))).toEqual(['0', '1', '2']);
    for (const doc of [a.alert, b.alert]) expect(parseCap(writeCap(doc)).ok).toBe(true);
  });
});
