import { describe, expect, it } from 'vitest';
import { FUNCTION } from '../../src/sl651/codes.js';
import { ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement, encodeStatusElement } from '../../src/sl651/encode.js';
import { interpret, readingId, stationMapFrom } from '../../src/sl651/to-reading.js';
import { testConfig } from '../helpers/test-config.js';
import { G1_ADDRESS, keepAliveFrame, R1_ADDRESS, RESERVOIR, receive, reportFrame } from './frames.js';

const stations = stationMapFrom(
  testConfig().stations.map((s) => ({ ...s, rtuAddress: s.code === 'G1' ? G1_ADDRESS : R1_ADDRESS })),
);

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
    expect(meaning.kind === 'reading' && meaning.reading).toEqual({
      type: 'reading',
      id: 'sl651:G1:2026-07-20T08:00:00+08:00',
      station: 'G1',
      observedAt: '2026-07-20T08:00:00+08:00',
      level: 10.42,
    });
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
    expect(meaning.kind === 'reading' && [meaning.reading.station, meaning.reading.level]).toEqual([
      'R1',
      101.5,
    ]);
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
    expect(meaning.kind === 'reading' && meaning.reading.level).toBe(-0.35);
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
    expect(meaning.kind === 'reading' && meaning.reading).toMatchObject({
      level: 9.9,
      rain: 1.5,
      flow: 120.5,
    });
  });

  it('leaves out a negative flow rather than lose the level to a refused message', () => {
    const meaning = meaningOf(reportFrame({ elements: [encodeElement(ELEMENT.flow, -3), level(9.9)] }));
    expect(meaning.kind === 'reading' && meaning.reading).not.toHaveProperty('flow');
  });

  it('marks the reading sensorFault when 45 ZT sets the level-sensor bit, and only then', () => {
    const faulty = meaningOf(reportFrame({ elements: [level(9.9), encodeStatusElement(1 << 6)] }));
    expect(faulty.kind === 'reading' && faulty.reading.sensorFault).toBe(true);
    const otherAlarms = meaningOf(reportFrame({ elements: [level(9.9), encodeStatusElement(0b1011_1111)] }));
    expect(otherAlarms.kind === 'reading' && otherAlarms.reading).not.toHaveProperty('sensorFault');
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
  it('is the station and the observation time', () => {
    expect(readingId('ST-RH-01', '2026-07-20T08:00:00+08:00')).toBe(
      'sl651:ST-RH-01:2026-07-20T08:00:00+08:00',
    );
  });
});
