import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildProtocolSchema,
  PROTOCOL_SCHEMA_PATH,
  renderProtocolSchema,
} from '../../scripts/write-protocol-schema.js';
import {
  ackSchema,
  type ConfigInput,
  decodeIngestValue,
  ERROR_CODES,
  errorReplySchema,
  INGEST_TYPES,
  type StandaloneIngestMessage,
} from '../../src/protocol/index.js';

const ROOT = join(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs', 'PROTOCOL.md'), 'utf8');

type Block = { info: string; line: number; text: string };

/** Every fenced block whose info string starts with `json`, with the line it starts on. */
function jsonBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(json[^\n]*)\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ info: (match[1] ?? '').trim(), line, text: match[2] ?? '' });
  }
  return blocks;
}

const blocks = jsonBlocks(DOC);
const label = (b: Block) => `line ${b.line}`;
const messages = blocks.filter((b) => b.info === 'json');
const replies = blocks.filter((b) => b.info === 'json reply');

// The examples promise real demo-county codes; a renamed station in the fixture should not leave them stale.
const county = JSON.parse(
  readFileSync(join(ROOT, 'fixtures', 'county', 'demo-county.json'), 'utf8'),
) as ConfigInput;
const known = {
  stations: new Set(county.stations.map((s) => s.code)),
  warehouses: new Set(county.warehouses.map((w) => w.code)),
  items: new Set(county.items.map((i) => i.code)),
  townships: new Set(county.townships.map((t) => t.code)),
  villages: new Set(county.townships.flatMap((t) => t.villages.map((v) => v.code))),
  teams: new Set((county.forces?.teams ?? []).map((t) => t.code)),
};

function unknownCodes(msg: StandaloneIngestMessage): string[] {
  const check = (set: Set<string>, code: string | undefined) =>
    code === undefined || set.has(code) ? [] : [code];
  switch (msg.type) {
    case 'reading':
      return check(known.stations, msg.station);
    case 'stock.movement':
      return [
        ...check(known.warehouses, msg.warehouse),
        ...check(known.warehouses, msg.to),
        ...check(known.items, msg.item),
      ];
    case 'stock.count':
      return [...check(known.warehouses, msg.warehouse), ...check(known.items, msg.item)];
    case 'incident.report':
      return [...check(known.townships, msg.township), ...check(known.villages, msg.village)];
    case 'incident.update':
    case 'cap':
      return [];
    case 'team.status':
    case 'team.dispatch':
    case 'team.arrive':
    case 'team.return':
      return check(known.teams, msg.team);
  }
}

describe('docs/PROTOCOL.md', () => {
  it('marks every json block as a message, a reply or a config fragment', () => {
    const infos = new Set(blocks.map((b) => b.info));
    expect([...infos].sort()).toEqual(['json', 'json config-fragment', 'json reply']);
  });

  it('has at least 8 example messages, covering every ingest type', () => {
    expect(messages.length).toBeGreaterThanOrEqual(8);
    const types = new Set(messages.map((b) => (JSON.parse(b.text) as { type: string }).type));
    expect([...types].sort()).toEqual([...INGEST_TYPES].sort());
  });

  it.each(messages.map((b) => [label(b), b] as const))('decodes the message at %s', (_at, block) => {
    const decoded = decodeIngestValue(JSON.parse(block.text));
    expect(decoded).toMatchObject({ ok: true });
    if (!decoded.ok) return;
    const inner = decoded.value.type === 'batch' ? decoded.value.messages : [decoded.value];
    expect(inner.flatMap(unknownCodes)).toEqual([]);
  });

  it.each(replies.map((b) => [label(b), b] as const))('parses the reply at %s', (_at, block) => {
    const value: unknown = JSON.parse(block.text);
    const isReply = ackSchema.safeParse(value).success || errorReplySchema.safeParse(value).success;
    expect(isReply).toBe(true);
  });

  it('shows both an ack and an error reply', () => {
    const types = new Set(replies.map((b) => (JSON.parse(b.text) as { type: string }).type));
    expect([...types].sort()).toEqual(['ack', 'error']);
  });

  it.each(ERROR_CODES)('documents the error code %s in the table', (code) => {
    expect(DOC).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'));
  });

  it('keeps the config fragment valid JSON', () => {
    for (const b of blocks.filter((x) => x.info === 'json config-fragment')) {
      expect(() => JSON.parse(b.text), label(b)).not.toThrow();
    }
  });
});

describe('docs/protocol.schema.json', () => {
  it('is what scripts/write-protocol-schema.ts generates (run `npm run schema` if not)', () => {
    expect(readFileSync(PROTOCOL_SCHEMA_PATH, 'utf8')).toBe(renderProtocolSchema());
  });

  it('has a def for every ingest type, the replies, the error codes and the config', () => {
    const defs = buildProtocolSchema()['$defs'] as Record<string, { enum?: unknown }>;
    for (const id of [...INGEST_TYPES, 'ingestMessage', 'ack', 'error', 'errorCode', 'config']) {
      expect(defs, id).toHaveProperty([id]);
    }
    expect(defs['errorCode']?.enum).toEqual(ERROR_CODES);
  });
});
