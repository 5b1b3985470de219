import { describe, expect, it } from 'vitest';
import { CONTROL } from '../../src/sl651/codes.js';
import { encodeFrame } from '../../src/sl651/encode.js';
import { createFrameSplitter, HEADER_BYTES } from '../../src/sl651/frame.js';
import { corruptCrc, G1_ADDRESS, keepAliveFrame, receive, reportFrame } from './frames.js';

const good = reportFrame();

describe('createFrameSplitter', () => {
  it('reads the header fields of an uplink frame', () => {
    const [result] = createFrameSplitter().push(good);
    expect(result && 'frame' in result).toBe(true);
    if (!result || !('frame' in result)) return;
    expect(result.frame).toMatchObject({
      direction: 'up',
      centreAddress: 1,
      rtuAddress: G1_ADDRESS,
      password: 0x1234,
      functionCode: 0x32,
      end: CONTROL.ETX,
    });
    expect(result.frame.body.length).toBe(good.length - HEADER_BYTES - 3);
  });

  it('reads a downlink frame, which names the terminal before the centre', () => {
    const down = encodeFrame({
      direction: 'down',
      centreAddress: 9,
      rtuAddress: G1_ADDRESS,
      functionCode: 0x32,
      body: Buffer.alloc(8),
      end: CONTROL.EOT,
    });
    const [result] = createFrameSplitter().push(down);
    expect(result && 'frame' in result && result.frame).toMatchObject({
      direction: 'down',
      centreAddress: 9,
      rtuAddress: G1_ADDRESS,
      end: CONTROL.EOT,
    });
  });

  it('splits two frames that arrive in one chunk', () => {
    const { messages, errors } = receive(Buffer.concat([good, keepAliveFrame()]));
    expect(errors).toEqual([]);
    expect(messages.map((m) => m.functionCode)).toEqual([0x32, 0x2f]);
  });

  it('waits for a frame that arrives one byte at a time', () => {
    const { messages, errors } = receive(...[...good].map((b) => Buffer.from([b])));
    expect(errors).toEqual([]);
    expect(messages).toHaveLength(1);
  });

  it('drops a frame with a wrong CRC, logs its hex, and reads the next frame', () => {
    const bad = corruptCrc(good);
    const { messages, errors } = receive(Buffer.concat([bad, keepAliveFrame()]));
    expect(errors).toEqual([
      {
        kind: 'crc',
        reason: expect.stringMatching(/^CRC .* computed/),
        hex: bad.toString('hex').toUpperCase(),
      },
    ]);
    expect(messages.map((m) => m.functionCode)).toEqual([0x2f]);
  });

  it('reports a truncated frame when the next frame begins inside it', () => {
    const cut = good.subarray(0, good.length - 9);
    const { messages, errors } = receive(cut, reportFrame({ serial: 8 }));
    expect(errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(errors[0]?.hex).toBe(cut.toString('hex').toUpperCase());
    expect(messages.map((m) => m.body.readUInt16BE(0))).toEqual([8]);
  });

  it('reports a truncated frame when the next frame is longer than what is missing', () => {
    const cut = good.subarray(0, 20);
    const { messages, errors } = receive(Buffer.concat([cut, good]));
    expect(errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(messages).toHaveLength(1);
  });

  it('reports the rest of a frame that never finished when the connection ends', () => {
    const { messages, errors } = receive(good.subarray(0, 30));
    expect(messages).toEqual([]);
    expect(errors.map((e) => e.kind)).toEqual(['truncated']);
  });

  it('skips garbage between frames and resynchronises on 7E7E', () => {
    const noise = Buffer.from('0D0A41542B43534Q'.replace('Q', '0'), 'hex');
    const { messages, errors } = receive(
      Buffer.concat([noise, good, Buffer.from('00117E', 'hex'), keepAliveFrame()]),
    );
    expect(errors.map((e) => [e.kind, e.hex])).toEqual([
      ['garbage', noise.toString('hex').toUpperCase()],
      ['garbage', '00117E'],
    ]);
    expect(messages.map((m) => m.functionCode)).toEqual([0x32, 0x2f]);
  });

  it('skips a 7E7E that starts no valid header', () => {
    const fake = Buffer.from('7E7E0102030405060708090A0B0C0D0E', 'hex');
    const { messages, errors } = receive(Buffer.concat([fake, good]));
    expect(errors.map((e) => e.kind)).toEqual(['garbage']);
    expect(messages).toHaveLength(1);
  });

  it('finds a frame right after a stray 7E', () => {
    const { messages, errors } = receive(Buffer.concat([Buffer.from([0x7e]), good]));
    expect(errors.map((e) => e.hex)).toEqual(['7E']);
    expect(messages).toHaveLength(1);
  });

  it('refuses an unknown end character', () => {
    const odd = encodeFrame({ rtuAddress: G1_ADDRESS, functionCode: 0x32, body: Buffer.alloc(4), end: 0x09 });
    const { errors } = receive(odd);
    expect(errors[0]?.reason).toMatch(/end character 09/);
  });

  it('keeps working after any number of bad frames', () => {
    const chunks = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? corruptCrc(good) : Buffer.from('DEADBEEF', 'hex'),
    );
    const { messages, errors } = receive(...chunks, good);
    expect(errors).toHaveLength(50);
    expect(messages).toHaveLength(1);
  });
});
