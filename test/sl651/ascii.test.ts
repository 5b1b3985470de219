// One file on purpose (over 250 lines): the ASCII side of SL 651 (frames, reports, the wire), checked against the
// standard's published examples in one place.
import { describe, expect, it } from 'vitest';
import { ASCII_IDENTIFIERS, asciiBodyToHex, asciiMessageToHex, bodySerial } from '../../src/sl651/ascii.js';
import { CONTROL, FUNCTION } from '../../src/sl651/codes.js';
import { crc16 } from '../../src/sl651/crc16.js';
import { type DecodedReport, decodeReport } from '../../src/sl651/decode.js';
import { alarmFlags, ELEMENT, ELEMENTS } from '../../src/sl651/elements.js';
import { encodeElement, encodeFrame, encodeStatusElement } from '../../src/sl651/encode.js';
import { createFrameSplitter } from '../../src/sl651/frame.js';
import type { Message } from '../../src/sl651/reassembly.js';
import { interpret, stationMapFrom } from '../../src/sl651/to-reading.js';
import { testConfig } from '../helpers/test-config.js';
import {
  asciiKeepAliveFrame,
  asciiReportBody,
  asciiReportFrame,
  corruptAsciiCrc,
  corruptCrc,
  G1_ADDRESS,
  keepAliveFrame,
  R1_ADDRESS,
  RESERVOIR,
  receive,
  reportFrame,
} from './frames.js';

const OFFSET = '+08:00';
const SOH = '\x01';
const STX = '\x02';
const ETX = '\x03';

// The worked ASCII examples published at blog.csdn.net/weixin_42163707/article/details/132556389: a 2F keep-alive
// and a 30 test report, with the CRCs the article gives. They are ground truth the gateway's own encoder did not make.
const PUBLISHED_2F = Buffer.from(`${SOH}01001234567812342F0010${STX}0005170718110035${ETX}E593`, 'latin1');
const PUBLISHED_30 = Buffer.from(
  `${SOH}06001234123404D230004D${STX}0019170718111204ST 0012341234 H TT 1707181112 PJ 0.5 PT 0.5 Z 0.301 VT 10.91 ${ETX}FDEE`,
  'latin1',
);

const stations = stationMapFrom(
  testConfig().stations.map((s) => ({ ...s, rtuAddress: s.code === 'G1' ? G1_ADDRESS : R1_ADDRESS })),
);

function onlyMessage(...chunks: Buffer[]): Message {
  const { messages, errors, other } = receive(...chunks);
  expect(errors).toEqual([]);
  expect(other).toEqual([]);
  const [message] = messages;
  if (!message || messages.length !== 1) throw new Error(`expected one message, got ${messages.length}`);
  return message;
}

/** An ASCII frame's message turned into HEX/BCD and its report decoded, as the gateway does. */
function decodeAscii(frame: Buffer): DecodedReport {
  const normalized = asciiMessageToHex(onlyMessage(frame));
  if (!normalized.ok) throw new Error(normalized.reason);
  const decoded = decodeReport(normalized.value.message.body, OFFSET);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

function meaningOf(frame: Buffer) {
  const normalized = asciiMessageToHex(onlyMessage(frame));
  if (!normalized.ok) return { kind: 'not-converted', reason: normalized.reason } as const;
  return interpret(normalized.value.message, stations, OFFSET);
}

const valuesOf = (report: DecodedReport) => report.elements.map((e) => [e.code, e.value]);

describe('ASCII frames: the published examples', () => {
  it('splits the 2F example, reads its header and takes it as a keep-alive with serial 5', () => {
    const message = onlyMessage(PUBLISHED_2F);
    expect(message).toMatchObject({
      encoding: 'ascii',
      direction: 'up',
      centreAddress: 1,
      rtuAddress: '0012345678',
      password: 0x1234,
      functionCode: FUNCTION.keepAlive,
      end: CONTROL.ETX,
      packets: 1,
    });
    expect(message.body.toString('latin1')).toBe('0005170718110035');
    const normalized = asciiMessageToHex(message);
    expect(normalized.ok && normalized.value.message.body.toString('hex')).toBe('0005170718110035');
    expect(normalized.ok && interpret(normalized.value.message, stations, OFFSET)).toEqual({
      kind: 'keep-alive',
      serial: 5,
    });
  });

  it('decodes every element of the 30 example', () => {
    const message = onlyMessage(PUBLISHED_30);
    expect(message).toMatchObject({ centreAddress: 6, rtuAddress: '0012341234', password: 0x04d2 });
    const converted = asciiBodyToHex(message.body, { headOnly: false });
    if (!converted.ok) throw new Error(converted.reason);
    const report = decodeReport(converted.value.body, OFFSET);
    expect(report).toMatchObject({
      ok: true,
      value: {
        serial: 0x19,
        sentAt: '2017-07-18T11:12:04+08:00',
        stationAddress: '0012341234',
        stationType: 0x48,
        stationTypeName: 'river',
        observedAt: '2017-07-18T11:12:00+08:00',
        elements: [
          { id: ELEMENT.rainCurrent, code: 'PJ', value: 0.5, hex: '05' },
          { id: ELEMENT.rainTotal, code: 'PT', value: 0.5, hex: '05' },
          { id: ELEMENT.riverLevel, code: 'Z', value: 0.301, hex: '0301' },
          { id: ELEMENT.voltage, code: 'VT', value: 10.91, hex: '1091' },
        ],
      },
    });
  });

  it('builds both examples byte for byte', () => {
    const keepAlive = encodeFrame({
      encoding: 'ascii',
      centreAddress: 1,
      rtuAddress: '0012345678',
      password: 0x1234,
      functionCode: 0x2f,
      body: Buffer.from('0005170718110035', 'latin1'),
    });
    expect(keepAlive).toEqual(PUBLISHED_2F);
    const test = encodeFrame({
      encoding: 'ascii',
      centreAddress: 6,
      rtuAddress: '0012341234',
      password: 0x04d2,
      functionCode: 0x30,
      body: PUBLISHED_30.subarray(24, PUBLISHED_30.length - 5),
    });
    expect(test).toEqual(PUBLISHED_30);
  });
});

describe('ASCII reports', () => {
  it('decodes a 32 timed report with level, rain, voltage, flow and alarm bits', () => {
    const report = decodeAscii(
      asciiReportFrame({
        serial: 0x0a1f,
        elements: [
          'PJ 3.5',
          'PT 1234.5',
          'P1 2.5',
          'PN05 0.5',
          'PD 31.7',
          'Z 10.25',
          'VT 12.60',
          'Q 356.125',
          'ZT 00000042',
        ],
      }),
    );
    expect(report).toMatchObject({
      serial: 0x0a1f,
      sentAt: '2026-07-20T08:00:05+08:00',
      stationAddress: G1_ADDRESS,
      stationTypeName: 'river',
      observedAt: '2026-07-20T08:00:00+08:00',
    });
    expect(report.elements.map((e) => [e.id, e.code, e.value])).toEqual([
      [0x20, 'PJ', 3.5],
      [0x26, 'PT', 1234.5],
      [0x1a, 'P1', 2.5],
      [0x22, 'PN05', 0.5],
      [0x1f, 'PD', 31.7],
      [0x39, 'Z', 10.25],
      [0x38, 'VT', 12.6],
      [0x27, 'Q', 356.125],
      [0x45, 'ZT', 0x42],
    ]);
    expect(alarmFlags(0x42)).toEqual(['batteryLow', 'levelSensorFault']);
  });

  it('turns a 32 report into the reading the collector gets, sensor fault and all', () => {
    const meaning = meaningOf(
      asciiReportFrame({ elements: ['PJ 1.5', 'Z 10.250', 'Q 12.5', 'ZT 00000040'] }),
    );
    expect(meaning).toMatchObject({
      kind: 'readings',
      readings: [
        {
          id: 'sl651:G1:2026-07-20T08:00:00+08:00:32',
          station: 'G1',
          level: 10.25,
          rain: 1.5,
          flow: 12.5,
          sensorFault: true,
        },
      ],
    });
  });

  it.each([
    [FUNCTION.extra, 'Z -0.52', -0.52],
    [FUNCTION.hourly, 'Z -12.345', -12.345],
    [FUNCTION.timed, 'Z +3', 3],
    [FUNCTION.timed, 'Z -0.000', 0],
  ])('reads function %s with %s as level %s', (functionCode, group, level) => {
    expect(meaningOf(asciiReportFrame({ functionCode, elements: [group] }))).toMatchObject({
      kind: 'readings',
      readings: [{ level }],
    });
  });

  it('reads a reservoir level from ZU for a K station', () => {
    const frame = asciiReportFrame({
      address: R1_ADDRESS,
      stationType: 'K',
      elements: ['Z 1.000', 'ZU -101.75', 'VT 12.1'],
    });
    expect(meaningOf(frame)).toMatchObject({
      kind: 'readings',
      readings: [{ station: 'R1', level: -101.75 }],
      report: { stationType: RESERVOIR, stationTypeName: 'reservoir' },
    });
  });

  it('decodes M as a missing value, which leaves a river station without a reading', () => {
    const frame = asciiReportFrame({ elements: ['Z M', 'PJ M', 'ZT M'] });
    expect(valuesOf(decodeAscii(frame))).toEqual([
      ['Z', null],
      ['PJ', null],
      ['ZT', null],
    ]);
    expect(meaningOf(frame)).toMatchObject({ kind: 'skip', reason: 'no level element 39 for river G1' });
  });

  it('says the same as the HEX/BCD report with the same values', () => {
    const hex = onlyMessage(
      reportFrame({
        serial: 9,
        elements: [
          encodeElement(ELEMENT.riverLevel, -1.25),
          encodeElement(ELEMENT.rainCurrent, 0.5),
          encodeElement(ELEMENT.rainDay, 31.7),
          encodeElement(ELEMENT.flow, 356.125),
          encodeElement(ELEMENT.voltage, 12.6),
          encodeStatusElement(0x44),
        ],
      }),
    );
    const fromHex = decodeReport(hex.body, OFFSET);
    const fromAscii = decodeAscii(
      asciiReportFrame({
        serial: 9,
        elements: ['Z -1.25', 'PJ 0.5', 'PD 31.7', 'Q 356.125', 'VT 12.6', 'ZT 00000044'],
      }),
    );
    const meaningful = (r: DecodedReport) => ({
      ...r,
      elements: r.elements.map(({ hex: _hex, ...e }) => e),
      groups: r.groups.map((g) => ({ ...g, elements: g.elements.map(({ hex: _hex, ...e }) => e) })),
    });
    expect(fromHex.ok && meaningful(fromHex.value)).toEqual(meaningful(fromAscii));
  });

  it.each([
    ['no space after the send time (the published examples)', ''],
    ['a space after the send time', ' '],
    ['several spaces', '   '],
  ])('accepts %s', (_name, afterTime) => {
    const report = decodeAscii(asciiReportFrame({ afterTime, elements: ['Z 9.87'] }));
    expect(report.stationAddress).toBe(G1_ADDRESS);
    expect(valuesOf(report)).toEqual([['Z', 9.87]]);
  });

  it('accepts a space between the serial and the send time', () => {
    const body = Buffer.from(`0007 260720080005 ST ${G1_ADDRESS} H TT 2607200800 Z 1.5 `, 'latin1');
    const converted = asciiBodyToHex(body, { headOnly: false });
    expect(converted.ok && decodeReport(converted.value.body, OFFSET)).toMatchObject({
      ok: true,
      value: { serial: 7, elements: [{ code: 'Z', value: 1.5 }] },
    });
  });

  it('skips an identifier SL 651 does not name, with its value, and says which', () => {
    const message = onlyMessage(asciiReportFrame({ elements: ['XQ9 17', 'Z 4.5'] }));
    const normalized = asciiMessageToHex(message);
    expect(normalized.ok && normalized.value.ignored).toEqual(['XQ9']);
    expect(normalized.ok && interpret(normalized.value.message, stations, OFFSET)).toMatchObject({
      kind: 'readings',
      readings: [{ level: 4.5 }],
    });
  });

  it('reads 5-minute rain (DRP) as the HEX/BCD path reads F4: twelve values in 0.1 mm', () => {
    const report = decodeAscii(asciiReportFrame({ elements: ['DRP 000102030405060708090A0B', 'Z 2'] }));
    expect(report.elements.map((e) => [e.id, e.value, e.series?.values])).toEqual([
      [0xf4, null, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1]],
      [0x39, 2, undefined],
    ]);
    expect(report.elements[0]?.hex).toBe('000102030405060708090A0B');
  });

  it.each([
    ['a value that is not a number', ['Z 1O.5'], 'element Z: "1O.5" is not a number'],
    ['a level with 8 decimals', ['Z 1.12345678'], 'element Z: 1.12345678 has more than 7 decimals'],
    ['an identifier without a value', ['VT'], 'identifier VT has no value'],
    ['a status that is not hex', ['ZT 0000004G'], 'element ZT: 0000004G is not hex bytes'],
    [
      'a time step (31 report table)',
      ['DRN05', 'Z 1'],
      'time step DRN05: evenly spaced (31) value tables are not read',
    ],
  ])('refuses a report with %s', (_name, elements, reason) => {
    expect(meaningOf(asciiReportFrame({ elements }))).toEqual({ kind: 'not-converted', reason });
  });

  it('refuses a report without a station type after ST', () => {
    const body = Buffer.from(`0007260720080005 ST ${G1_ADDRESS} TT 2607200800 Z 1 `, 'latin1');
    expect(asciiBodyToHex(body, { headOnly: false })).toEqual({
      ok: false,
      reason: `ST ${G1_ADDRESS} is followed by TT, not a station type letter`,
    });
  });

  it('refuses a report whose observation time is no date', () => {
    const frame = asciiReportFrame({ observedAt: '2602300800', elements: ['Z 1'] });
    expect(meaningOf(frame)).toMatchObject({ kind: 'invalid' });
  });

  it('reads only the serial and send time of functions that carry no reading', () => {
    // A 30 test report whose body would not convert is still just a test report, skipped, not a bad one.
    const frame = asciiReportFrame({ functionCode: FUNCTION.test, elements: ['Z nonsense'] });
    expect(meaningOf(frame)).toEqual({ kind: 'skip', reason: 'function 30 carries no reading', serial: 7 });
  });

  it('refuses a body without a serial and send time', () => {
    expect(asciiBodyToHex(Buffer.from('00G7260720080005', 'latin1'), { headOnly: true })).toMatchObject({
      ok: false,
    });
  });

  it('names every element the gateway reads by the identifier its table uses', () => {
    for (const [id, info] of ELEMENTS) expect(ASCII_IDENTIFIERS.get(info.code)).toBe(id);
  });

  it('reads the serial at the head of a body in either encoding', () => {
    expect(bodySerial(Buffer.from('0A1F260720080005', 'latin1'), 'ascii')).toBe(0x0a1f);
    expect(bodySerial(Buffer.from('0A1F', 'hex'), 'hex')).toBe(0x0a1f);
    expect(bodySerial(Buffer.from('zz', 'latin1'), 'ascii')).toBe(0);
  });
});

describe('ASCII frames on the wire', () => {
  const good = asciiReportFrame({ elements: ['Z 10.25'] });

  it('drops a frame with a wrong CRC, logs its hex, and reads the next frame', () => {
    const bad = corruptAsciiCrc(good);
    const { messages, errors } = receive(Buffer.concat([bad, asciiKeepAliveFrame()]));
    const computed = crc16(good, 0, good.length - 4)
      .toString(16)
      .toUpperCase()
      .padStart(4, '0');
    expect(errors).toEqual([
      {
        kind: 'crc',
        reason: `CRC ${computed} computed, ${bad.toString('latin1', bad.length - 4)} sent`,
        hex: bad.toString('hex').toUpperCase(),
      },
    ]);
    expect(messages.map((m) => [m.encoding, m.functionCode])).toEqual([['ascii', 0x2f]]);
  });

  it('drops a frame whose CRC is not hex characters', () => {
    const { messages, errors } = receive(corruptCrc(good), good);
    expect(errors.map((e) => e.kind)).toEqual(['crc']);
    expect(errors[0]?.reason).toMatch(/is not 4 hex characters$/);
    expect(messages).toHaveLength(1);
  });

  it('refuses an unknown end character', () => {
    const odd = encodeFrame({
      encoding: 'ascii',
      rtuAddress: G1_ADDRESS,
      functionCode: 0x32,
      body: Buffer.from(asciiReportBody(), 'latin1'),
      end: 0x09,
    });
    expect(receive(odd).errors[0]?.reason).toMatch(/end character 09/);
  });

  it('reports a truncated frame when the next ASCII frame begins inside it', () => {
    const cut = good.subarray(0, good.length - 12);
    const { messages, errors } = receive(cut, asciiReportFrame({ serial: 8, elements: ['Z 1'] }));
    expect(errors.map((e) => [e.kind, e.hex])).toEqual([['truncated', cut.toString('hex').toUpperCase()]]);
    expect(messages.map((m) => bodySerial(m.body, m.encoding))).toEqual([8]);
  });

  it('reports a truncated ASCII frame cut off by a HEX frame, and a HEX frame cut off by an ASCII one', () => {
    const hex = reportFrame({ serial: 5 });
    const { messages, errors } = receive(
      good.subarray(0, 40),
      hex,
      hex.subarray(0, 20),
      asciiReportFrame({ serial: 6, elements: ['Z 1'] }),
    );
    expect(errors.map((e) => e.kind)).toEqual(['truncated', 'truncated']);
    expect(messages.map((m) => [m.encoding, bodySerial(m.body, m.encoding)])).toEqual([
      ['hex', 5],
      ['ascii', 6],
    ]);
  });

  it('reports the rest of an ASCII frame that never finished when the connection ends', () => {
    const { messages, errors } = receive(good.subarray(0, 30));
    expect(messages).toEqual([]);
    expect(errors.map((e) => [e.kind, e.hex])).toEqual([
      ['truncated', good.subarray(0, 30).toString('hex').toUpperCase()],
    ]);
  });

  it('waits for an ASCII frame that arrives one byte at a time', () => {
    const { messages, errors } = receive(...[...good].map((b) => Buffer.from([b])));
    expect(errors).toEqual([]);
    expect(messages).toHaveLength(1);
  });

  it('skips garbage between ASCII and HEX frames, stray SOH bytes included, and reads them all', () => {
    const noise = Buffer.from('AT+CSQ\r\n', 'latin1');
    const straySoh = Buffer.from('01414243', 'hex');
    const { messages, errors } = receive(
      Buffer.concat([
        noise,
        good,
        straySoh,
        keepAliveFrame(),
        Buffer.from('0D0A', 'hex'),
        asciiKeepAliveFrame(),
      ]),
    );
    expect(errors.map((e) => [e.kind, e.hex])).toEqual([
      ['garbage', noise.toString('hex').toUpperCase()],
      ['garbage', '01414243'],
      ['garbage', '0D0A'],
    ]);
    expect(messages.map((m) => [m.encoding, m.functionCode])).toEqual([
      ['ascii', 0x32],
      ['hex', 0x2f],
      ['ascii', 0x2f],
    ]);
  });

  it('tells a stray SOH from a header at once, without waiting for more bytes', () => {
    const splitter = createFrameSplitter();
    const results = splitter.push(Buffer.concat([Buffer.from('01FF', 'hex'), keepAliveFrame()]));
    expect(results.map((r) => ('frame' in r ? r.frame.functionCode : r.error.kind))).toEqual([
      'garbage',
      0x2f,
    ]);
    expect(splitter.pendingBytes()).toBe(0);
  });

  it('takes the 0x01 bytes inside a failed HEX frame for data, not for an ASCII frame that cut it short', () => {
    // Centre address 01, serial 0101, level 1.01: a bad CRC makes the splitter look inside for a next frame.
    const hex = reportFrame({ serial: 0x0101, elements: [encodeElement(ELEMENT.riverLevel, 1.01)] });
    const { messages, errors } = receive(corruptCrc(hex), hex);
    expect(errors.map((e) => [e.kind, e.hex])).toEqual([
      ['crc', corruptCrc(hex).toString('hex').toUpperCase()],
    ]);
    expect(messages.map((m) => m.encoding)).toEqual(['hex']);
  });

  it('accepts lower-case hex in the header and CRC', () => {
    // The CRC covers the characters as sent, so a lower-case frame has its own CRC, written in lower case too.
    const upper = asciiKeepAliveFrame('00410100AB', 8);
    const unchecked = Buffer.from(upper.toString('latin1', 0, upper.length - 4).toLowerCase(), 'latin1');
    const crc = crc16(unchecked).toString(16).padStart(4, '0');
    expect(crc).toMatch(/[a-f]/);
    const lower = Buffer.concat([unchecked, Buffer.from(crc, 'latin1')]);
    expect(onlyMessage(lower)).toMatchObject({
      encoding: 'ascii',
      rtuAddress: '00410100AB',
      functionCode: 0x2f,
    });
  });

  it('reads a downlink ASCII frame, which names the terminal before the centre', () => {
    const down = encodeFrame({
      encoding: 'ascii',
      direction: 'down',
      centreAddress: 9,
      rtuAddress: G1_ADDRESS,
      functionCode: 0x32,
      body: Buffer.from('0007260720080130', 'latin1'),
      end: CONTROL.EOT,
    });
    expect(down.toString('latin1', 1, 13)).toBe(`${G1_ADDRESS}09`);
    expect(onlyMessage(down)).toMatchObject({ direction: 'down', centreAddress: 9, rtuAddress: G1_ADDRESS });
  });
});
