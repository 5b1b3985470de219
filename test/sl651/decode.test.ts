import { describe, expect, it } from 'vitest';
import { bcdTimeToIso, decodeReport } from '../../src/sl651/decode.js';
import { alarmFlags, ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement, encodeStatusElement } from '../../src/sl651/encode.js';
import { G1_ADDRESS, RIVER, receive, reportBody, reportFrame } from './frames.js';

const OFFSET = '+08:00';

/** Sends a report with these elements through the splitter and decodes its body. */
function decodeFrameWith(...elements: Buffer[]) {
  const { messages, errors } = receive(reportFrame({ elements }));
  expect(errors).toEqual([]);
  const [message] = messages;
  if (!message) throw new Error('no message');
  const decoded = decodeReport(message.body, OFFSET);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

describe('decodeReport', () => {
  it('reads the body header: serial, send time, station address and type, observation time', () => {
    const report = decodeFrameWith();
    expect(report).toEqual({
      serial: 7,
      sentAt: '2026-07-20T08:00:05+08:00',
      stationAddress: G1_ADDRESS,
      stationType: RIVER,
      stationTypeName: 'river',
      observedAt: '2026-07-20T08:00:00+08:00',
      elements: [],
      groups: [{ observedAt: '2026-07-20T08:00:00+08:00', elements: [] }],
    });
  });

  it.each([
    ['39 Z river level', ELEMENT.riverLevel, 12.345, '39 23 00012345'],
    ['3B ZU reservoir level', ELEMENT.reservoirLevel, 101.23, '3B 23 00101230'],
    ['1A P1 1-hour rain', ELEMENT.rain1h, 2.5, '1A 19 000025'],
    ['1B P2 2-hour rain', ELEMENT.rain2h, 4.5, '1B 19 000045'],
    ['1C P3 3-hour rain', ELEMENT.rain3h, 6, '1C 19 000060'],
    ['1D P6 6-hour rain', ELEMENT.rain6h, 10.1, '1D 19 000101'],
    ['1E P12 12-hour rain', ELEMENT.rain12h, 22.4, '1E 19 000224'],
    ['1F PD daily rain', ELEMENT.rainDay, 31.7, '1F 19 000317'],
    ['20 PJ current rain', ELEMENT.rainCurrent, 0.5, '20 19 000005'],
    ['26 PT cumulative rain', ELEMENT.rainTotal, 1234.5, '26 19 012345'],
    ['27 Q flow', ELEMENT.flow, 356.125, '27 2B 0000356125'],
    ['38 VT supply voltage', ELEMENT.voltage, 12.6, '38 12 1260'],
  ])('decodes element %s', (_name, id, value, hex) => {
    const element = encodeElement(id, value);
    expect(element.toString('hex').toUpperCase()).toBe(hex.replace(/ /g, ''));
    const report = decodeFrameWith(element);
    expect(report.elements).toEqual([{ id, code: expect.any(String), value, hex: hex.split(' ')[2] }]);
  });

  it('decodes element 45 ZT as a bit field with named alarms', () => {
    const bits = (1 << 6) | (1 << 1);
    const report = decodeFrameWith(encodeStatusElement(bits));
    expect(report.elements).toEqual([{ id: 0x45, code: 'ZT', value: bits, hex: '00000042' }]);
    expect(alarmFlags(bits)).toEqual(['batteryLow', 'levelSensorFault']);
  });

  it('decodes a negative level, whose FF sign byte adds one byte to the definition', () => {
    const element = encodeElement(ELEMENT.riverLevel, -1.25);
    expect(element.toString('hex').toUpperCase()).toBe('392BFF00001250');
    expect(decodeFrameWith(element).elements[0]?.value).toBe(-1.25);
  });

  it('decodes a value the station marks missing (all FF) as null', () => {
    expect(decodeFrameWith(encodeElement(ELEMENT.riverLevel, null)).elements[0]?.value).toBeNull();
  });

  it('decodes several elements in order, F4 DRP as twelve 5-minute rain values in 0.1 mm', () => {
    const drp = Buffer.from('F460000102030405060708FF0A0B', 'hex');
    const report = decodeFrameWith(
      encodeElement(ELEMENT.rainTotal, 88),
      drp,
      encodeElement(ELEMENT.riverLevel, 9.87),
    );
    expect(report.elements.map((e) => [e.code, e.value])).toEqual([
      ['PT', 88],
      ['DRP', null],
      ['Z', 9.87],
    ]);
    expect(report.elements[1]?.series).toEqual({
      stepMinutes: 5,
      values: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, null, 1, 1.1],
    });
  });

  it('decodes F5 DRZ1 as twelve 5-minute relative levels in cm, FFFF missing', () => {
    const drz = Buffer.from(`F5C0${'FFFF'.repeat(10)}00110FA0`, 'hex');
    expect(decodeFrameWith(drz).elements[0]?.series?.values).toEqual([...Array(10).fill(null), 0.17, 40]);
  });

  it('starts a new group at each F0F0, each with its own observation time', () => {
    const report = decodeFrameWith(
      encodeElement(ELEMENT.rainCurrent, 1),
      Buffer.from('F0F02607200805', 'hex'),
      encodeElement(ELEMENT.riverLevel, 2),
    );
    expect(report.groups.map((g) => [g.observedAt, g.elements.map((e) => e.code)])).toEqual([
      ['2026-07-20T08:00:00+08:00', ['PJ']],
      ['2026-07-20T08:05:00+08:00', ['Z']],
    ]);
    expect(report.elements.map((e) => e.code)).toEqual(['PJ', 'Z']);
  });

  it('refuses a second observation time that is not a date', () => {
    const body = Buffer.concat([reportBody(), Buffer.from('F0F02613010000', 'hex')]);
    expect(decodeReport(body, OFFSET)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/at byte 23/),
    });
  });

  it('reads a 31 body: time step, one element, then its values to the end of the body', () => {
    const body = Buffer.concat([
      reportBody(),
      Buffer.from('0418000005' + '2219' + '000005FFFFFF000010', 'hex'),
    ]);
    const decoded = decodeReport(body, OFFSET);
    expect(decoded.ok && decoded.value.elements).toEqual([
      {
        id: 0x22,
        code: 'PN05',
        value: null,
        hex: '2219000005FFFFFF000010',
        series: { stepMinutes: 5, values: [0.5, null, 1] },
      },
    ]);
  });

  it('refuses a body whose element runs past the end', () => {
    const body = Buffer.concat([reportBody(), Buffer.from('39230001', 'hex')]);
    expect(decodeReport(body, OFFSET)).toEqual({ ok: false, reason: 'element Z needs 4 bytes, 2 left' });
  });

  it('refuses a level that is not BCD', () => {
    const body = Buffer.concat([reportBody(), Buffer.from('39230001A345', 'hex')]);
    expect(decodeReport(body, OFFSET)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^element Z: not BCD/),
    });
  });

  it('refuses a body without the F1F1 station address', () => {
    const body = reportBody();
    body[8] = 0x00;
    expect(decodeReport(body, OFFSET)).toMatchObject({ ok: false, reason: expect.stringMatching(/F1F1/) });
  });

  it('refuses an observation time that is no date', () => {
    expect(decodeReport(reportBody({ observedAt: '2602300800' }), OFFSET)).toMatchObject({ ok: false });
  });
});

describe('bcdTimeToIso', () => {
  it.each([
    ['2607200800', '+08:00', '2026-07-20T08:00:00+08:00'],
    ['261231235959', '+08:00', '2026-12-31T23:59:59+08:00'],
    ['2601010000', '-05:00', '2026-01-01T00:00:00-05:00'],
  ])('reads %s in %s as %s', (digits, offset, iso) => {
    expect(bcdTimeToIso(digits, offset)).toBe(iso);
  });

  it.each(['2613010000', '2602300000', '2607202400', '26072008'])('refuses %s', (digits) => {
    expect(bcdTimeToIso(digits, '+08:00')).toBeUndefined();
  });
});
