// One file on purpose (over 250 lines): SL 651 report bodies to readings: each element, several observation
// times, the station map and the reading ids.
import { describe, expect, it } from 'vitest';
import { digitsToBcd } from '../../src/sl651/bcd.js';
import { FUNCTION } from '../../src/sl651/codes.js';
import { ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement, encodeStatusElement } from '../../src/sl651/encode.js';
import type { Message } from '../../src/sl651/reassembly.js';
import { interpret, readingId, stationMapFrom } from '../../src/sl651/to-reading.js';
import { testConfig } from '../helpers/test-config.js';
import { G1_ADDRESS, keepAliveFrame, R1_ADDRESS, RESERVOIR, receive, reportFrame } from './frames.js';

const stations = stationMapFrom(
  testConfig().stations.map((s) => ({ ...s, rtuAddress: s.code === 'G1' ? G1_ADDRESS : R1_ADDRESS })),
);
// The same county with G1's 水位基值 configured, so its 5-minute relative levels can become levels.
const withBase = stationMapFrom(
  testConfig().stations.map((s) =>
    s.code === 'G1' ? { ...s, rtuAddress: G1_ADDRESS, rtuLevelBase: 100 } : { ...s, rtuAddress: R1_ADDRESS },
  ),
);

/** F0 F0 and an observation time: the start of another group of elements. */
const timeGroup = (digits: string) => Buffer.concat([Buffer.from('F0F0', 'hex'), digitsToBcd(digits)]);
/** F4 DRP: twelve 5-minute rain totals in 0.1 mm, FF missing. */
const drp = (tenths: (number | null)[]) =>
  Buffer.from([0xf4, 0x60, ...tenths.map((v) => (v === null ? 0xff : v))]);
/** F5 DRZ1: twelve 5-minute relative levels in cm, FFFF missing. */
function drz1(cm: (number | null)[]): Buffer {
  const data = Buffer.alloc(24);
  for (const [i, v] of cm.entries()) data.writeUInt16BE(v === null ? 0xffff : v, i * 2);
  return Buffer.concat([Buffer.from([0xf5, 0xc0]), data]);
}
const at = (hhmm: string) => `2026-07-20T${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00+08:00`;
const levelsAndTimes = (meaning: ReturnType<typeof interpret>) =>
  meaning.kind === 'readings' ? meaning.readings.map((r) => [r.observedAt, r.level, r.rain]) : meaning;

function meaningOf(frame: Buffer) {
  const { messages, errors } = receive(frame);
  expect(errors).toEqual([]);
  const [message] = messages;
  if (!message) throw new Error('no message');
  return interpret(message, stations, '+08:00');
}

const level = (value: number) => encodeElement(ELEMENT.riverLevel, value);

describe('interpret', () => {
  it('takes a 2F keep-alive as liveness only: no reading', () => {
    expect(meaningOf(keepAliveFrame())).toEqual({ kind: 'keep-alive', serial: 3 });
  });

  it.each([
    ['32 timed report', FUNCTION.timed],
    ['33 extra report', FUNCTION.extra],
    ['34 hourly report', FUNCTION.hourly],
  ])('turns a %s into a reading with a stable id', (_name, functionCode) => {
    const meaning = meaningOf(reportFrame({ functionCode, elements: [level(10.42)] }));
    expect(meaning.kind === 'readings' && meaning.readings).toEqual([
      {
        type: 'reading',
        id: `sl651:G1:2026-07-20T08:00:00+08:00:${functionCode.toString(16).toUpperCase()}`,
        station: 'G1',
        observedAt: '2026-07-20T08:00:00+08:00',
        level: 10.42,
      },
    ]);
  });

  it('skips a 30 test report: commissioning traffic is not water', () => {
    expect(meaningOf(reportFrame({ functionCode: FUNCTION.test, elements: [level(1)] }))).toMatchObject({
      kind: 'skip',
      reason: 'function 30 carries no reading',
    });
  });

  it('takes a reservoir level from 3B ZU, not from 39', () => {
    const meaning = meaningOf(
      reportFrame({
        address: R1_ADDRESS,
        stationType: RESERVOIR,
        elements: [level(3.1), encodeElement(ELEMENT.reservoirLevel, 101.5)],
      }),
    );
    expect(meaning.kind === 'readings' && [meaning.readings[0]?.station, meaning.readings[0]?.level]).toEqual(
      ['R1', 101.5],
    );
  });

  it('skips a river report without 39, and a reservoir report without 3B', () => {
    expect(meaningOf(reportFrame({ elements: [encodeElement(ELEMENT.reservoirLevel, 5)] }))).toMatchObject({
      kind: 'skip',
      reason: 'no level element 39 for river G1',
    });
    expect(meaningOf(reportFrame({ address: R1_ADDRESS, elements: [level(5)] }))).toMatchObject({
      kind: 'skip',
      reason: 'no level element 3B for reservoir R1',
    });
  });

  it('carries a negative level', () => {
    const meaning = meaningOf(reportFrame({ elements: [level(-0.35)] }));
    expect(meaning.kind === 'readings' && meaning.readings[0]?.level).toBe(-0.35);
  });

  it('takes rain from 20 PJ and flow from 27 Q; period, daily and total rain stay out', () => {
    const meaning = meaningOf(
      reportFrame({
        elements: [
          encodeElement(ELEMENT.rain1h, 4),
          encodeElement(ELEMENT.rainDay, 30),
          encodeElement(ELEMENT.rainTotal, 812.5),
          encodeElement(ELEMENT.rainCurrent, 1.5),
          encodeElement(ELEMENT.flow, 120.5),
          encodeElement(ELEMENT.voltage, 12.4),
          level(9.9),
        ],
      }),
    );
    expect(meaning.kind === 'readings' && meaning.readings[0]).toMatchObject({
      level: 9.9,
      rain: 1.5,
      flow: 120.5,
    });
  });

  it('leaves out a negative flow rather than lose the level to a refused message', () => {
    const meaning = meaningOf(reportFrame({ elements: [encodeElement(ELEMENT.flow, -3), level(9.9)] }));
    expect(meaning.kind === 'readings' && meaning.readings[0]).not.toHaveProperty('flow');
  });

  it('marks the reading sensorFault when 45 ZT sets the level-sensor bit, and only then', () => {
    const faulty = meaningOf(reportFrame({ elements: [level(9.9), encodeStatusElement(1 << 6)] }));
    expect(faulty.kind === 'readings' && faulty.readings[0]?.sensorFault).toBe(true);
    const otherAlarms = meaningOf(reportFrame({ elements: [level(9.9), encodeStatusElement(0b1011_1111)] }));
    expect(otherAlarms.kind === 'readings' && otherAlarms.readings[0]).not.toHaveProperty('sensorFault');
  });

  it('skips a faulty sensor with no level, naming the fault', () => {
    const meaning = meaningOf(
      reportFrame({ elements: [encodeElement(ELEMENT.riverLevel, null), encodeStatusElement(1 << 6)] }),
    );
    expect(meaning).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/level sensor faulty/) });
  });

  it('skips a station address no station has', () => {
    expect(meaningOf(reportFrame({ address: '9999999999', elements: [level(1)] }))).toMatchObject({
      kind: 'skip',
      reason: 'no station has rtuAddress 9999999999',
    });
  });

  it('calls a report with an unreadable body invalid', () => {
    const frame = reportFrame({ elements: [Buffer.from('3923AB', 'hex')] });
    expect(meaningOf(frame)).toMatchObject({ kind: 'invalid' });
  });
});

describe('interpret: bodies with several observation times', () => {
  const twelve = Array.from({ length: 12 }, (_, i) => i);

  it('reads a 34 hourly report group by group: 5-minute series at their own times, the rest at theirs', () => {
    // The captured hourly report's layout (fixtures/sl651): DRP and DRZ1 from hh−1:05, then PJ, Z, VT at hh:00.
    const frame = reportFrame({
      functionCode: FUNCTION.hourly,
      observedAt: '2607200705',
      elements: [
        drp(twelve),
        timeGroup('2607200705'),
        drz1(twelve.map((i) => 100 + i)),
        timeGroup('2607200800'),
        encodeElement(ELEMENT.rainCurrent, 1.5),
        level(101.115),
        encodeElement(ELEMENT.voltage, 12.1),
      ],
    });
    const meaning = interpret(receive(frame).messages[0] as Message, withBase, '+08:00');
    const expected = twelve.map((i) => {
      const minutes = 5 + 5 * i;
      const hhmm = minutes === 60 ? '0800' : `07${String(minutes).padStart(2, '0')}`;
      return [at(hhmm), Number((101 + i / 100).toFixed(2)), i / 10];
    });
    // At 08:00 the millimetre 39 and the PJ of the last group win over the series' centimetre and 5-minute values.
    expected[11] = [at('0800'), 101.115, 1.5];
    expect(levelsAndTimes(meaning)).toEqual(expected);
    expect(meaning.kind === 'readings' && meaning.readings[0]?.id).toBe(`sl651:G1:${at('0705')}:34`);
  });

  it('gives each group of a 32 its own observation time', () => {
    const frame = reportFrame({
      elements: [level(10), timeGroup('2607200805'), level(10.1), encodeElement(ELEMENT.rainCurrent, 0.5)],
    });
    expect(levelsAndTimes(meaningOf(frame))).toEqual([
      [at('0800'), 10, undefined],
      [at('0805'), 10.1, 0.5],
    ]);
  });

  it('leaves out relative levels of a station without rtuLevelBase, and says so', () => {
    const frame = reportFrame({
      functionCode: FUNCTION.hourly,
      elements: [drz1(twelve), timeGroup('2607200855'), level(3.2)],
    });
    const meaning = meaningOf(frame);
    expect(levelsAndTimes(meaning)).toEqual([[at('0855'), 3.2, undefined]]);
    expect(meaning.kind === 'readings' && meaning.leftOut).toEqual(['DRZ1: G1 has no rtuLevelBase']);
  });

  it('reads a 31 evenly-spaced report: a value per time step from the first observation time, missing ones skipped', () => {
    const frame = reportFrame({
      functionCode: FUNCTION.evenPeriod,
      observedAt: '2607200705',
      elements: [
        Buffer.from('0418000005', 'hex'),
        Buffer.from('3923', 'hex'),
        Buffer.from('00010250' + 'FFFFFFFF' + '00010270', 'hex'),
      ],
    });
    expect(levelsAndTimes(meaningOf(frame))).toEqual([
      [at('0705'), 10.25, undefined],
      [at('0715'), 10.27, undefined],
    ]);
  });

  it('skips a 31 of 5-minute rain alone: a reading needs a level', () => {
    const frame = reportFrame({
      functionCode: FUNCTION.evenPeriod,
      elements: [
        Buffer.from('0418000005', 'hex'),
        Buffer.from('2219', 'hex'),
        Buffer.from('000005000000', 'hex'),
      ],
    });
    expect(meaningOf(frame)).toMatchObject({ kind: 'skip', reason: 'no level element 39 for river G1' });
  });
});

describe('stationMapFrom', () => {
  it('refuses two stations with one address', () => {
    const twins = testConfig().stations.map((s) => ({ ...s, rtuAddress: G1_ADDRESS }));
    expect(() => stationMapFrom(twins)).toThrow(/share rtuAddress/);
  });

  it('matches addresses whatever their case', () => {
    const map = stationMapFrom(
      testConfig()
        .stations.map((s) => ({ ...s, rtuAddress: 'abcdef0001' }))
        .slice(0, 1),
    );
    expect(map.get('ABCDEF0001')?.code).toBe('G1');
  });
});

describe('readingId', () => {
  it('is the station, the observation time and the function code', () => {
    expect(readingId('ST-RH-01', '2026-07-20T08:00:00+08:00', 0x34)).toBe(
      'sl651:ST-RH-01:2026-07-20T08:00:00+08:00:34',
    );
  });
});
