import { describe, expect, it } from 'vitest';
import { asciiMessageToHex } from '../../src/sl651/ascii.js';
import { CONTROL, FUNCTION } from '../../src/sl651/codes.js';
import { ELEMENT } from '../../src/sl651/elements.js';
import { encodeElement, encodeFrame, encodePackets } from '../../src/sl651/encode.js';
import { createFrameSplitter } from '../../src/sl651/frame.js';
import { createReassembler } from '../../src/sl651/reassembly.js';
import { interpret, stationMapFrom } from '../../src/sl651/to-reading.js';
import { testConfig } from '../helpers/test-config.js';
import { asciiReportBody, G1_ADDRESS, receive, reportBody } from './frames.js';

const body = reportBody({
  elements: [
    encodeElement(ELEMENT.rainTotal, 812.5),
    encodeElement(ELEMENT.rainCurrent, 2),
    encodeElement(ELEMENT.voltage, 12.5),
    encodeElement(ELEMENT.riverLevel, 11.111),
  ],
});
const packets = encodePackets({ rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body }, 16);

describe('createReassembler', () => {
  it('joins a multi-packet frame in packet order and decodes it as one report', () => {
    expect(packets.length).toBe(Math.ceil(body.length / 16));
    const { messages, errors, other } = receive(...packets);
    expect(errors).toEqual([]);
    expect(other).toEqual(packets.slice(0, -1).map((_, i) => `packet ${i + 1}/${packets.length}`));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toEqual(body);
    expect(messages[0]?.packets).toBe(packets.length);
    const stations = stationMapFrom(
      testConfig()
        .stations.map((s) => ({ ...s, rtuAddress: G1_ADDRESS }))
        .slice(0, 1),
    );
    const meaning = messages[0] && interpret(messages[0], stations, '+08:00');
    expect(meaning?.kind === 'readings' && meaning.readings[0]).toMatchObject({
      station: 'G1',
      level: 11.111,
      rain: 2,
    });
  });

  it('marks every packet but the last ETB', () => {
    const ends = packets.map((p) => p[p.length - 3]);
    expect(ends).toEqual([...packets.slice(1).map(() => CONTROL.ETB), CONTROL.ETX]);
  });

  it('takes a packet sent again in place of the first copy', () => {
    const [first, second, ...rest] = packets;
    if (!first || !second) throw new Error('too few packets');
    const { messages } = receive(first, second, second, ...rest);
    expect(messages[0]?.body).toEqual(body);
  });

  it('refuses a later packet without packet 1', () => {
    const { messages, other } = receive(...packets.slice(1));
    expect(messages).toEqual([]);
    expect(other[0]).toBe(`error: packet 2 of ${packets.length} without packet 1`);
  });

  it('names the first missing packet when the last one comes early, and joins the transfer once it is resent', () => {
    const small = encodePackets({ rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body }, 8);
    const [first, second, third, ...rest] = small;
    if (!first || !second || !third || rest.length === 0) throw new Error('too few packets');
    // On NAK the terminal sends the named packet again, ending ETX (SL 651-2014 §6.3.1.2 c).
    const againWithEtx = (packet: Buffer) => {
      const [result] = createFrameSplitter().push(packet);
      if (!result || !('frame' in result) || !result.frame.packet) throw new Error('not a packet');
      const { body: part, packet: info } = result.frame;
      return encodeFrame({ rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body: part, packet: info });
    };
    const total = small.length;
    // Packets 2 and 3 lost on the way.
    const { messages, other } = receive(first, ...rest, againWithEtx(second), againWithEtx(third));
    expect(other.slice(-2)).toEqual([`missing 2/${total}`, `missing 3/${total}`]);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toEqual(body);
  });

  it('starts over when a new packet 1 arrives', () => {
    const { messages } = receive(packets[0] ?? Buffer.alloc(0), packets[1] ?? Buffer.alloc(0), ...packets);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toEqual(body);
  });

  it('keeps transfers of different terminals apart', () => {
    const other = encodePackets(
      { rtuAddress: '0041010002', functionCode: FUNCTION.extra, body: reportBody({ address: '0041010002' }) },
      16,
    );
    const splitter = createFrameSplitter();
    const reassembler = createReassembler();
    const interleaved = packets.flatMap((p, i) => [p, other[i]].filter((x): x is Buffer => x !== undefined));
    const done = interleaved
      .flatMap((chunk) => splitter.push(chunk))
      .map((r) => ('frame' in r ? reassembler.push(r.frame) : undefined))
      .filter((r) => r?.kind === 'message');
    expect(done.map((r) => r?.kind === 'message' && r.message.rtuAddress).sort()).toEqual([
      '0041010001',
      '0041010002',
    ]);
  });
});

describe('createReassembler with ASCII transfers', () => {
  // 9 characters a packet: the text is cut mid-identifier and mid-value, as a terminal may cut it.
  const text = asciiReportBody({ serial: 0x0b0c, elements: ['PJ 2.0', 'VT 12.5', 'Z -11.111'] });
  const asciiPackets = encodePackets(
    {
      encoding: 'ascii',
      rtuAddress: G1_ADDRESS,
      functionCode: FUNCTION.extra,
      body: Buffer.from(text, 'latin1'),
    },
    9,
  );

  it('joins the text of every packet and reads the report only once it is whole', () => {
    expect(asciiPackets.length).toBe(Math.ceil(text.length / 9));
    const { messages, errors, other } = receive(...asciiPackets);
    expect(errors).toEqual([]);
    expect(other).toEqual(asciiPackets.slice(0, -1).map((_, i) => `packet ${i + 1}/${asciiPackets.length}`));
    expect(messages[0]?.body.toString('latin1')).toBe(text);
    const normalized = messages[0] && asciiMessageToHex(messages[0]);
    const stations = stationMapFrom(
      testConfig()
        .stations.map((s) => ({ ...s, rtuAddress: G1_ADDRESS }))
        .slice(0, 1),
    );
    const meaning = normalized?.ok && interpret(normalized.value.message, stations, '+08:00');
    expect(meaning && meaning.kind === 'readings' && meaning.readings[0]).toMatchObject({
      level: -11.111,
      rain: 2,
    });
  });

  it('echoes the serial of packet 1, read from its text, when acknowledging later packets', () => {
    const splitter = createFrameSplitter();
    const reassembler = createReassembler();
    const serials = asciiPackets
      .slice(0, -1)
      .flatMap((p) => splitter.push(p))
      .map((r) => ('frame' in r ? reassembler.push(r.frame) : undefined))
      .map((r) => r?.kind === 'packet' && r.serial);
    expect(serials).toEqual(asciiPackets.slice(0, -1).map(() => 0x0b0c));
  });

  it('never joins ASCII packets with HEX/BCD packets of the same terminal and function', () => {
    const [first, ...rest] = asciiPackets;
    const hexFirst = packets[0];
    if (!first || !hexFirst) throw new Error('too few packets');
    // A HEX/BCD packet 1 in the middle of the ASCII transfer starts a transfer of its own.
    const { messages } = receive(first, hexFirst, ...rest);
    expect(messages.map((m) => [m.encoding, m.body.toString('latin1')])).toEqual([['ascii', text]]);
  });
});
