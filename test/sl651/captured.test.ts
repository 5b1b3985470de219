import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLocal } from '../../src/domain/local-time.js';
import { type Config, configSchema } from '../../src/protocol/index.js';
import { ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement } from '../../src/sl651/encode.js';
import { interpret, stationMapFrom } from '../../src/sl651/to-reading.js';
import { startCollector } from '../helpers/start-collector.js';
import { testConfigInput } from '../helpers/test-config.js';
import { capturedFrames, frameOf } from './captured-frames.js';
import { receive, reportFrame } from './frames.js';
import { startTestGateway, terminal } from './test-gateway.js';

const OFFSET = '+08:00';
const RTU = '1090330853';
const hour = capturedFrames('captured-1090330853.txt');
const testReport = capturedFrames('captured-0100000001-test.txt');

/**
 * The test county with G1 at the captured terminal's address, its 水位基值 0 (its relative levels equal its 39
 * levels, README), and readings up to ten years old accepted: the capture is from 2026-02-02.
 */
function capturedConfig(): Config {
  const input = testConfigInput();
  input.stations = input.stations.map((s) =>
    s.code === 'G1' ? { ...s, rtuAddress: RTU, rtuLevelBase: 0 } : s,
  );
  input.server = { ...input.server, maxAgeDays: 3650 };
  return configSchema.parse(input);
}

const at = (hhmm: string) => `2026-02-02T${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00+08:00`;

function meaningOf(frame: Buffer) {
  const { messages, errors } = receive(frame);
  expect(errors).toEqual([]);
  const [message] = messages;
  if (!message) throw new Error('no message');
  return interpret(message, stationMapFrom(capturedConfig().stations), OFFSET);
}

describe('captured frames', () => {
  it('passes every captured frame through the splitter with its CRC', () => {
    for (const [label, frame] of [...hour, ...testReport]) {
      const { messages, errors } = receive(frame);
      expect([label, errors, messages.length]).toEqual([label, [], 1]);
    }
  });

  it('reads the 34 hourly report group by group: the 09:00 elements, and the series of 08:05 at their own times', () => {
    const meaning = meaningOf(frameOf(hour, 'up-34-0094'));
    if (meaning.kind !== 'readings') throw new Error(JSON.stringify(meaning));
    expect(meaning.report.groups.map((g) => [g.observedAt, g.elements.map((e) => e.code)])).toEqual([
      [at('0805'), ['DRP']],
      [at('0805'), ['DRZ1']],
      // 37 VJ and 30 QA are not in the gateway's table, so they keep their hex.
      [at('0900'), ['PJ', 'P1', 'PT', 'Q', 'Z', '37', '30', 'VT']],
    ]);
    // Eleven of the twelve 5-minute values are missing; the twelfth belongs to 08:05 + 55 min = 09:00.
    const [drp, drz] = meaning.report.elements;
    expect(drp?.series).toEqual({ stepMinutes: 5, values: [...Array(11).fill(null), 0] });
    expect(drz?.series).toEqual({ stepMinutes: 5, values: [...Array(11).fill(null), 0.17] });
    // At 09:00 the 39 (mm) wins over DRZ1 (cm): one reading.
    expect(meaning.readings).toEqual([
      {
        type: 'reading',
        id: `sl651:G1:${at('0900')}:34`,
        station: 'G1',
        observedAt: at('0900'),
        level: 0.168,
        flow: 0,
        rain: 0,
      },
    ]);
  });

  it('reads the 31 of twelve 5-minute levels from its first observation time on', () => {
    const meaning = meaningOf(frameOf(hour, 'up-31-0096'));
    if (meaning.kind !== 'readings') throw new Error(JSON.stringify(meaning));
    expect(meaning.report.elements[0]?.series).toEqual({
      stepMinutes: 5,
      values: [...Array(11).fill(null), 0.17],
    });
    expect(meaning.readings.map((r) => [r.id, r.level])).toEqual([[`sl651:G1:${at('0900')}:31`, 0.17]]);
  });

  it('has no reading for the 31 of rain alone, nor for the 30 test report', () => {
    expect(meaningOf(frameOf(hour, 'up-31-0095'))).toMatchObject({
      kind: 'skip',
      reason: 'no level element 39 for river G1',
    });
    expect(meaningOf(frameOf(testReport, 'up-30-0040'))).toMatchObject({
      kind: 'skip',
      reason: 'function 30 carries no reading',
    });
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(test: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('the gateway with the captured hour', () => {
  it('stores what it can use and answers it as the real centre did; leaves the rest unconfirmed and counted', async () => {
    const config = capturedConfig();
    const collector = await startCollector({ config });
    cleanups.push(() => collector.stop());
    // The centre's clock is set to the real centre's at each reply, so the answers can be compared byte for byte.
    let clock = Date.parse('2026-02-02T09:00:00+08:00');
    const gateway = await startTestGateway(collector.url, config, {
      workMode: 2,
      keepOnline: true,
      now: () => clock,
    });
    cleanups.push(() => gateway.close());
    const { socket, answers } = await terminal(gateway.port);
    cleanups.push(() => {
      socket.destroy();
    });

    // In the order the terminal sent them, each report answered before the next one goes.
    const exchange = [
      ['up-2F-0093', undefined, '09:00:00'],
      ['up-32-0093', 'down-32-0093', '09:00:23'],
      ['up-34-0094', 'down-34-0094', '09:00:31'],
      ['up-31-0095', undefined, '09:00:34'],
      ['up-31-0096', 'down-31-0096', '09:00:36'],
    ] as const;
    for (const [up, down, time] of exchange) {
      clock = Date.parse(`2026-02-02T${time}+08:00`);
      const before = { answers: answers.length, stats: gateway.stats() };
      socket.write(frameOf(hour, up));
      if (down) {
        await until(() => answers.length === before.answers + 1, `the answer to ${up}`);
        expect(answers.at(-1)?.raw.toString('hex')).toBe(frameOf(hour, down).toString('hex'));
      } else if (up.startsWith('up-2F')) {
        await until(() => gateway.stats().keepAlives === before.stats.keepAlives + 1, 'the keep-alive');
      } else {
        await until(() => gateway.stats().unconfirmed === before.stats.unconfirmed + 1, `${up} left out`);
      }
    }
    // The 30 test report of another real device: not water, not answered.
    socket.write(frameOf(testReport, 'up-30-0040'));
    await until(() => gateway.stats().unconfirmed === 2, 'the test report left out');
    // A report the collector refuses (the terminal's clock a day ahead) is not confirmed either.
    const aDayAhead = Date.now() + 24 * 3_600_000;
    socket.write(
      reportFrame({
        address: RTU,
        serial: 0x97,
        observedAt: formatLocal(aDayAhead - (aDayAhead % 60_000), OFFSET, 'YYMMDDHHmm'),
        elements: [encodeElement(ELEMENT.riverLevel, 0.2)],
      }),
    );
    await until(() => gateway.stats().unconfirmed === 3, 'the refused report left out');

    expect(gateway.stats()).toMatchObject({
      framesOk: 7,
      framesBad: 0,
      keepAlives: 1,
      readings: 4,
      skipped: 2,
      unconfirmed: 3,
      confirmations: 3,
      link: { acked: 3, refused: 1 },
    });
    await sleep(50);
    expect(answers).toHaveLength(3);
    const db = new Database(collector.dbPath, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const rows = db.prepare('SELECT observed_at AS at, level, rain, flow FROM readings ORDER BY level').all();
    const nine = Date.parse(at('0900'));
    expect(rows).toEqual([
      { at: nine, level: 0.167, rain: 0, flow: 0 },
      { at: nine, level: 0.168, rain: 0, flow: 0 },
      { at: nine, level: 0.17, rain: null, flow: null },
    ]);
  });

  it('stores a full hour of a 34 in the captured layout as twelve readings, each at its own time', async () => {
    const config = capturedConfig();
    const collector = await startCollector({ config });
    cleanups.push(() => collector.stop());
    const gateway = await startTestGateway(collector.url, config, { workMode: 2 });
    cleanups.push(() => gateway.close());
    // The captured 34 with every 5-minute value present: DRP i × 0.1 mm and DRZ1 (20 + i) cm from 10:05, then the
    // 11:00 group with 39 = 0.315 m.
    const captured = frameOf(hour, 'up-34-0094');
    const drz = Buffer.alloc(24);
    for (let i = 0; i < 12; i++) drz.writeUInt16BE(20 + i, i * 2);
    const frame = reportFrame({
      address: RTU,
      stationType: 0x50,
      functionCode: 0x34,
      serial: 0x98,
      observedAt: '2602021005',
      elements: [
        Buffer.from([0xf4, 0x60, ...Array.from({ length: 12 }, (_, i) => i)]),
        Buffer.from('F0F02602021005F5C0', 'hex'),
        drz,
        Buffer.from('F0F02602021100', 'hex'),
        encodeElement(ELEMENT.riverLevel, 0.315),
      ],
    });
    expect(frame.subarray(0, 8)).toEqual(captured.subarray(0, 8));
    const { socket } = await terminal(gateway.port);
    cleanups.push(() => {
      socket.destroy();
    });
    socket.write(frame);
    await until(() => gateway.stats().confirmations === 1, 'the confirmation');
    expect(gateway.stats()).toMatchObject({ readings: 12, unconfirmed: 0, link: { acked: 12 } });
    const db = new Database(collector.dbPath, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const rows = db.prepare('SELECT observed_at AS at, level, rain FROM readings ORDER BY observed_at').all();
    const tenOFive = Date.parse('2026-02-02T10:05:00+08:00');
    expect(rows).toEqual(
      Array.from({ length: 12 }, (_, i) => ({
        at: tenOFive + i * 5 * 60_000,
        // At 11:00 the 39 of the last group (mm) wins over DRZ1's 0.31 (cm).
        level: i === 11 ? 0.315 : (20 + i) / 100,
        rain: i / 10,
      })),
    );
  });
});
