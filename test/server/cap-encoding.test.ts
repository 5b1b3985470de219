import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { writeCap } from '../../src/cap/write-cap.js';
import { MAX_CAP_BYTES } from '../../src/cap/xml-tree.js';
import { capAlert } from '../helpers/cap-builder.js';
import { encodeGb18030 } from '../helpers/gb-encoder.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

let running: RunningCollector;
let source: WebSocket;
let nextId = 0;
beforeAll(async () => {
  running = await startCollector();
  source = await connect(running.url, '/ingest', TOKENS.source);
});
afterAll(async () => {
  source.close();
  await running.stop();
});

const sentAt = Date.now();
const send = (fields: object) => {
  nextId += 1;
  return request(source, { type: 'cap', id: `enc-${nextId}`, ...fields });
};
const headlineOf = (identifier: string) =>
  (
    running.collector.db.prepare('SELECT headline FROM cap_threads WHERE identifier = ?').get(identifier) as
      | { headline: string }
      | undefined
  )?.headline;
const count = () =>
  (running.collector.db.prepare('SELECT COUNT(*) AS n FROM cap_messages').get() as { n: number }).n;

/** A document by dutywatch's writer, re-declared in `encoding`. */
function declared(identifier: string, encoding: string, headline: string): string {
  const xml = writeCap(
    capAlert(
      { identifier, sentAt },
      { headline, area: [{ areaDesc: '沙口镇', polygon: [], circle: [], geocode: [] }] },
    ),
  );
  return xml.replace(/^<\?xml[^?]*\?>/, `<?xml version="1.0" encoding="${encoding}"?>`);
}
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('CAP in GBK and GB18030 (issue 14)', () => {
  it('stores the right Chinese from a GBK document sent as its bytes', async () => {
    const headline = '汝川县沙口镇暴雨红色预警，请立即转移';
    const reply = await send({ xmlBase64: base64(encodeGb18030(declared('GBK-1', 'GBK', headline))) });
    expect(reply).toMatchObject({ type: 'ack' });
    expect(headlineOf('GBK-1')).toBe(headline);
    const area = running.collector.db
      .prepare("SELECT area_desc FROM cap_threads WHERE identifier = 'GBK-1'")
      .get();
    expect(area).toEqual({ area_desc: '沙口镇' });
  });

  it('stores the right Chinese from a GB18030 document, four-byte characters included', async () => {
    const headline = '𠮷家庄村洪水橙色预警';
    const reply = await send({
      xmlBase64: base64(encodeGb18030(declared('GB18030-1', 'GB18030', headline))),
    });
    expect(reply).toMatchObject({ type: 'ack' });
    expect(headlineOf('GB18030-1')).toBe(headline);
  });

  it('acks the same bytes again as already stored', async () => {
    const xmlBase64 = base64(encodeGb18030(declared('GBK-2', 'GBK', '暴雨蓝色预警')));
    expect(await send({ xmlBase64 })).toMatchObject({ type: 'ack' });
    const before = count();
    expect(await send({ xmlBase64 })).toMatchObject({ type: 'ack' });
    expect(count()).toBe(before);
  });

  it('refuses bytes the declared encoding cannot decode, and text declared GBK, storing nothing', async () => {
    const before = count();
    const bytes = encodeGb18030(declared('GBK-3', 'GBK', '暴雨'));
    const bad = new Uint8Array(bytes);
    bad[bad.indexOf(0xb1) + 1] = 0x0a; // the trail byte of 暴 turned into a line feed
    const undecodable = await send({ xmlBase64: base64(bad) });
    expect(undecodable).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: 'xmlBase64' });
    expect(undecodable.message).toContain('is not valid GBK');

    const asText = await send({ xml: declared('GBK-4', 'GBK', '暴雨') });
    expect(asText).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: 'xml' });
    expect(asText.message).toContain('xmlBase64');

    const both = await send({ xml: declared('GBK-5', 'UTF-8', '暴雨'), xmlBase64: 'PGE+' });
    expect(both).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
    expect(count()).toBe(before);
  });
});

describe('CAP size and embedded resources (issue 14)', () => {
  /** An alert in the shape of an IPAWS message with an image embedded in <derefUri>, about `bytes` long. */
  function withResource(identifier: string, bytes: number): string {
    const image = randomBytes(Math.floor((bytes * 3) / 4)).toString('base64');
    const alert = capAlert(
      { identifier, sentAt },
      {
        resource: [
          {
            resourceDesc: 'Evacuation map',
            mimeType: 'image/jpeg',
            size: (image.length * 3) / 4,
            derefUri: image,
          },
        ],
      },
    );
    return writeCap(alert);
  }

  it('accepts a schema-valid 459 KB alert with an embedded resource, and stores it whole', async () => {
    const xml = withResource('IPAWS-1', 459_000);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(459_000);
    expect(await send({ xml })).toMatchObject({ type: 'ack' });
    const stored = running.collector.db
      .prepare("SELECT xml FROM cap_messages WHERE identifier = 'IPAWS-1'")
      .get();
    expect(stored).toEqual({ xml });
  });

  it('refuses a document past the 1 MiB bound, saying to link the resource instead', async () => {
    const xml = withResource('IPAWS-2', MAX_CAP_BYTES);
    const reply = await send({ xml });
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
    expect(reply.message).toMatch(/at most 1048576/);
  });
});
