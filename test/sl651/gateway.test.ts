// One file on purpose (over 250 lines): the SL 651 gateway end to end (TCP terminals in, a real collector, the watch
// feed out); each case needs the same collector and gateway set-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../server/collector.js';
import { formatLocal } from '../../src/domain/local-time.js';
import { type Config, configSchema } from '../../src/protocol/index.js';
import { bodySerial } from '../../src/sl651/ascii.js';
import { CONTROL } from '../../src/sl651/codes.js';
import { ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement, encodeFrame, encodePackets } from '../../src/sl651/encode.js';
import { createFrameSplitter } from '../../src/sl651/frame.js';
import type { RunningGateway } from '../../src/sl651/gateway.js';
import { startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { type Frame as FeedFrame, watch } from '../helpers/watch-client.js';
import {
  asciiKeepAliveFrame,
  asciiReportFrame,
  corruptAsciiCrc,
  corruptCrc,
  G1_ADDRESS,
  R1_ADDRESS,
  RESERVOIR,
  reportBody,
  reportFrame,
} from './frames.js';
import { startTestGateway, terminal } from './test-gateway.js';

const OFFSET = '+08:00';

function sl651Config(): Config {
  const input = testConfigInput();
  input.stations = input.stations.map((s) => ({
    ...s,
    rtuAddress: s.code === 'G1' ? G1_ADDRESS : R1_ADDRESS,
  }));
  return configSchema.parse(input);
}

function storedReadings(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT station, observed_at AS at, level FROM readings ORDER BY observed_at, station')
      .all() as {
      station: string;
      at: number;
      level: number;
    }[];
  } finally {
    db.close();
  }
}

async function until(test: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const feedReadings = (frames: FeedFrame[]) =>
  frames
    .flatMap(
      (f) =>
        (f.changes ?? []) as { kind: string; station?: string; reading?: { at: number; level: number } }[],
    )
    .filter((c) => c.kind === 'reading');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A gateway in front of `collectorUrl` for the test county, closed after the test. */
async function gatewayTo(
  collectorUrl: string,
  config: Config,
  options: Parameters<typeof startTestGateway>[2],
): Promise<RunningGateway> {
  const gateway = await startTestGateway(collectorUrl, config, options);
  cleanups.push(() => gateway.close());
  return gateway;
}

/**
 * Three observation times five minutes apart, ending ten minutes before the last half hour is out (terminals send
 * local minutes; the collector refuses readings far from its clock), and how a terminal writes them.
 */
function recentTimes() {
  const minute = 60_000;
  const t1 = Math.floor(Date.now() / minute) * minute - 20 * minute;
  return {
    t1,
    t2: t1 + 5 * minute,
    t3: t1 + 10 * minute,
    at: (ms: number) => formatLocal(ms, OFFSET, 'YYMMDDHHmm'),
  };
}

/** What the watch feed has carried as [station, at, level], once it has carried `count` readings. */
async function readingsOnceFed(watcher: Awaited<ReturnType<typeof watch>>, count: number) {
  await watcher.until((frames) => feedReadings(frames).length >= count);
  return feedReadings(watcher.frames).map((c) => [c.station, c.reading?.at, c.reading?.level]);
}

/** A collector of the sl651 county and a gateway to it in `options`' work mode, both closed after the test. */
async function collectorAndGateway(options: Parameters<typeof gatewayTo>[2]) {
  const config = sl651Config();
  const collector = await startCollector({ config });
  cleanups.push(() => collector.stop());
  const gateway = await gatewayTo(collector.url, config, options);
  return { collector, gateway };
}

/** A terminal on the gateway at `port`, hung up after the test. */
async function connectedTerminal(port: number) {
  const rtu = await terminal(port);
  cleanups.push(() => {
    rtu.socket.destroy();
  });
  return rtu;
}

/** A hex/BCD report from G1 of its river level alone. */
function g1LevelReport(serial: number, observedAt: string, level: number): Buffer {
  return reportFrame({ serial, observedAt, elements: [encodeElement(ELEMENT.riverLevel, level)] });
}

/** The watch feed as a viewer sees it, closed after the test. */
async function watchAsViewer(url: string) {
  const watcher = await watch(url, TOKENS.viewer);
  cleanups.push(() => watcher.ws.close());
  return watcher;
}

describe('sl651 gateway', () => {
  it('takes frames from TCP terminals to the watch feed, and stores each reading once across a collector restart', async () => {
    const config = sl651Config();
    const dir = mkdtempSync(join(tmpdir(), 'dutywatch-sl651-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await startCollector({ config, dir });
    let closeFirst = true;
    cleanups.push(async () => {
      if (closeFirst) await first.collector.close();
    });
    const gateway = await gatewayTo(first.url, config, {
      workMode: 2,
      backoff: { initialMs: 50, maxMs: 250 },
    });
    const watcher = await watchAsViewer(first.url);
    const { t1, t2, t3, at } = recentTimes();
    const g1AtT1 = g1LevelReport(1, at(t1), 10.25);
    const g1AtT2 = reportFrame({
      serial: 2,
      functionCode: 0x33,
      observedAt: at(t2),
      elements: [encodeElement(ELEMENT.riverLevel, -0.5), encodeElement(ELEMENT.rainCurrent, 3.5)],
    });
    const r1AtT1 = reportFrame({
      address: R1_ADDRESS,
      stationType: RESERVOIR,
      serial: 9,
      observedAt: at(t1),
      elements: [encodeElement(ELEMENT.reservoirLevel, 101.75), encodeElement(ELEMENT.voltage, 12.1)],
    });

    const a = await connectedTerminal(gateway.port);
    const b = await connectedTerminal(gateway.port);
    a.socket.write(g1AtT1);
    // A frame with a bad CRC between two good ones: logged and dropped, the connection carries on.
    b.socket.write(Buffer.concat([corruptCrc(r1AtT1), r1AtT1]));
    b.socket.write(g1AtT2.subarray(0, 10));
    await sleep(20);
    b.socket.write(g1AtT2.subarray(10));
    // A terminal that resets mid-frame harms nobody else.
    const c = await terminal(gateway.port);
    c.socket.write(g1AtT1.subarray(0, 12));
    c.socket.resetAndDestroy();

    expect(await readingsOnceFed(watcher, 3)).toEqual(
      expect.arrayContaining([
        ['G1', t1, 10.25],
        ['R1', t1, 101.75],
        ['G1', t2, -0.5],
      ]),
    );
    // Work mode 2: each report is confirmed (EOT, its serial echoed) once the collector has acked it.
    await until(() => a.answers.length === 1 && b.answers.length === 2, 'confirmations');
    expect(a.answers.map((f) => [f.direction, f.end, f.body.readUInt16BE(0)])).toEqual([
      ['down', CONTROL.EOT, 1],
    ]);
    expect(b.answers.map((f) => f.body.readUInt16BE(0))).toEqual([9, 2]);
    expect(gateway.stats()).toMatchObject({ framesOk: 3, framesBad: 2, readings: 3 });
    expect(storedReadings(first.dbPath)).toHaveLength(3);

    // The collector goes away; a reading that arrives meanwhile waits in the gateway's outbox.
    await first.collector.close();
    closeFirst = false;
    a.socket.write(g1LevelReport(3, at(t3), 10.75));
    await until(() => gateway.stats().link.pending === 1, 'the reading to be queued');
    const second = createCollector({ config, dbPath: first.dbPath });
    await second.listen(first.port);
    cleanups.push(() => second.close());

    // Terminals that heard no confirmation send everything again, on a new connection.
    const d = await connectedTerminal(gateway.port);
    d.socket.write(Buffer.concat([g1AtT1, r1AtT1, g1AtT2]));
    await until(() => gateway.stats().link.acked === 7 && d.answers.length === 3, 'acks after the restart');
    expect(gateway.stats().link).toMatchObject({ duplicates: 3, refused: 0, pending: 0 });
    expect(storedReadings(first.dbPath)).toEqual([
      { station: 'G1', at: t1, level: 10.25 },
      { station: 'R1', at: t1, level: 101.75 },
      { station: 'G1', at: t2, level: -0.5 },
      { station: 'G1', at: t3, level: 10.75 },
    ]);
  }, 30_000);

  it('keeps the collector link and other terminals when a terminal sends only noise', async () => {
    const { gateway } = await collectorAndGateway({ workMode: 1 });
    const noisy = await connectedTerminal(gateway.port);
    const quiet = await connectedTerminal(gateway.port);
    noisy.socket.write(Buffer.from('7E7E7E7E00FF7E7E0102'.repeat(200), 'hex'));
    const observed = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    quiet.socket.write(
      reportFrame({
        observedAt: formatLocal(observed, OFFSET, 'YYMMDDHHmm'),
        elements: [encodeElement(ELEMENT.riverLevel, 8)],
      }),
    );
    await until(() => gateway.stats().link.acked === 1, 'the quiet terminal’s reading');
    expect(gateway.stats().framesBad).toBeGreaterThan(0);
    expect(noisy.socket.destroyed).toBe(false);
    // Work mode 1: terminals expect no answer.
    await sleep(50);
    expect(quiet.answers).toEqual([]);
  });

  it('acknowledges each packet of a multi-packet report and confirms the whole once stored (work mode 3)', async () => {
    const { collector, gateway } = await collectorAndGateway({ workMode: 3, keepOnline: true });
    const observed = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const body = reportBody({
      serial: 0x0a0b,
      observedAt: formatLocal(observed, OFFSET, 'YYMMDDHHmm'),
      elements: [encodeElement(ELEMENT.rainTotal, 640), encodeElement(ELEMENT.riverLevel, 11.5)],
    });
    const packets = encodePackets({ rtuAddress: G1_ADDRESS, functionCode: 0x33, body }, 12);
    const rtu = await connectedTerminal(gateway.port);
    // Like a terminal in mode 3, send the next packet only once the previous one is acknowledged.
    for (const [i, packet] of packets.slice(0, -1).entries()) {
      rtu.socket.write(packet);
      await until(() => rtu.answers.length === i + 1, `the ACK of packet ${i + 1}`);
    }
    rtu.socket.write(packets.at(-1) ?? Buffer.alloc(0));
    await until(() => rtu.answers.length === packets.length, 'the final confirmation');
    const ends = rtu.answers.map((f) => f.end);
    expect(ends).toEqual([...packets.slice(1).map(() => CONTROL.ACK), CONTROL.ESC]);
    // Each ACK carries its packet's info; the final answer the total, and the total as its sequence number
    // (SL 651-2014 table 23, note a).
    const total = packets.length;
    expect(rtu.answers.map((f) => f.packet)).toEqual([
      ...packets.slice(1).map((_, i) => ({ total, index: i + 1 })),
      { total, index: total },
    ]);
    expect(rtu.answers.map((f) => f.body.readUInt16BE(0))).toEqual(packets.map(() => 0x0a0b));
    expect(storedReadings(collector.dbPath)).toEqual([{ station: 'G1', at: observed, level: 11.5 }]);
  });

  it('asks with NAK for a packet that never came, and confirms the transfer once it is sent again', async () => {
    const { collector, gateway } = await collectorAndGateway({ workMode: 3 });
    const observed = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const body = reportBody({
      serial: 0x0c0d,
      observedAt: formatLocal(observed, OFFSET, 'YYMMDDHHmm'),
      elements: [encodeElement(ELEMENT.riverLevel, 7.25)],
    });
    const packets = encodePackets({ rtuAddress: G1_ADDRESS, functionCode: 0x33, body }, 12);
    const [first, second, ...rest] = packets;
    if (!first || !second || rest.length === 0) throw new Error('too few packets');
    const rtu = await connectedTerminal(gateway.port);
    // Packet 2 is lost on the way.
    rtu.socket.write(Buffer.concat([first, ...rest]));
    await until(() => rtu.answers.at(-1)?.end === CONTROL.NAK, 'the NAK');
    const total = packets.length;
    expect(rtu.answers.at(-1)?.packet).toEqual({ total, index: 2 });
    expect(gateway.stats().link.sent).toBe(0);
    // The terminal sends packet 2 again, ending ETX (SL 651-2014 §6.3.1.2 c).
    const [again] = createFrameSplitter().push(second);
    if (!again || !('frame' in again)) throw new Error('not a frame');
    rtu.socket.write(
      encodeFrame({
        rtuAddress: G1_ADDRESS,
        functionCode: 0x33,
        body: again.frame.body,
        ...(again.frame.packet ? { packet: again.frame.packet } : {}),
      }),
    );
    await until(() => rtu.answers.at(-1)?.end === CONTROL.EOT, 'the confirmation');
    expect(rtu.answers.at(-1)?.packet).toEqual({ total, index: total });
    expect(storedReadings(collector.dbPath)).toEqual([{ station: 'G1', at: observed, level: 7.25 }]);
  });

  it('takes HEX/BCD and ASCII frames mixed on one connection to the watch feed, answering each in its own encoding', async () => {
    const { collector, gateway } = await collectorAndGateway({ workMode: 2 });
    const watcher = await watchAsViewer(collector.url);
    const { t1, t2, t3, at } = recentTimes();
    const hexG1 = g1LevelReport(1, at(t1), 10.25);
    const asciiR1 = asciiReportFrame({
      serial: 2,
      address: R1_ADDRESS,
      stationType: 'K',
      observedAt: at(t1),
      elements: ['ZU 101.75', 'VT 12.1'],
    });
    const asciiG1 = asciiReportFrame({
      serial: 3,
      functionCode: 0x33,
      observedAt: at(t2),
      elements: ['Z -0.5', 'PJ 3.5', 'ZT 00000004'],
    });
    const hexG1Later = reportFrame({
      serial: 4,
      functionCode: 0x33,
      observedAt: at(t3),
      elements: [encodeElement(ELEMENT.riverLevel, 10.75)],
    });

    const rtu = await connectedTerminal(gateway.port);
    // Modem noise and an ASCII frame with a bad CRC ahead of a good one: both dropped, the connection carries on.
    rtu.socket.write(
      Buffer.concat([hexG1, Buffer.from('AT\r\n', 'latin1'), corruptAsciiCrc(asciiR1), asciiR1]),
    );
    rtu.socket.write(asciiKeepAliveFrame());
    rtu.socket.write(asciiG1.subarray(0, 30));
    await sleep(20);
    rtu.socket.write(Buffer.concat([asciiG1.subarray(30), hexG1Later]));
    // An intact ASCII frame whose body cannot be read: logged as bad and counted, never confirmed (SL 651-2014
    // §6.3.1.2 b): the terminal keeps it.
    rtu.socket.write(asciiReportFrame({ serial: 5, observedAt: at(t3), elements: ['Z 1O.5'] }));

    expect(await readingsOnceFed(watcher, 4)).toEqual(
      expect.arrayContaining([
        ['G1', t1, 10.25],
        ['R1', t1, 101.75],
        ['G1', t2, -0.5],
        ['G1', t3, 10.75],
      ]),
    );
    // Work mode 2: every report confirmed once stored, in the encoding it came in; the keep-alive is not answered.
    await until(() => rtu.answers.length === 4 && gateway.stats().unconfirmed === 1, 'four confirmations');
    const answers = rtu.answers
      .map((f) => [f.encoding, bodySerial(f.body, f.encoding), f.direction, f.end, f.rtuAddress])
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(answers).toEqual([
      ['hex', 1, 'down', CONTROL.EOT, G1_ADDRESS],
      ['ascii', 2, 'down', CONTROL.EOT, R1_ADDRESS],
      ['ascii', 3, 'down', CONTROL.EOT, G1_ADDRESS],
      ['hex', 4, 'down', CONTROL.EOT, G1_ADDRESS],
    ]);
    expect(gateway.stats()).toMatchObject({
      framesOk: 6,
      framesBad: 2,
      keepAlives: 1,
      readings: 4,
      bodiesBad: 1,
      unconfirmed: 1,
    });
    expect(rtu.socket.destroyed).toBe(false);
    expect(storedReadings(collector.dbPath)).toEqual([
      { station: 'G1', at: t1, level: 10.25 },
      { station: 'R1', at: t1, level: 101.75 },
      { station: 'G1', at: t2, level: -0.5 },
      { station: 'G1', at: t3, level: 10.75 },
    ]);
  });
});
