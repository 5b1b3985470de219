// Over 250 lines on purpose: most of it is two tables, every exported schema with its $def and the field notes
// (units) zod cannot carry; the generator around them is short, and the tables read best whole.
// Writes docs/protocol.schema.json: the wire protocol as one JSON Schema (draft 2020-12), generated from the
// zod schemas in src/protocol so third-party sources can validate what they send without reading TypeScript.
// `npm run schema` rewrites it; `npm run schema -- --check` exits 1 when the file on disk is stale.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import {
  ackSchema,
  batchSchema,
  capMessageSchema,
  casualtiesSchema,
  configSchema,
  errorCodeSchema,
  errorReplySchema,
  incidentReportSchema,
  incidentUpdateSchema,
  ingestMessageSchema,
  MAX_BATCH_MESSAGES,
  PROTOCOL_VERSION,
  readingSchema,
  SUBPROTOCOL,
  serverSettingsSchema,
  singleIngestMessageSchema,
  stockCountSchema,
  stockMovementSchema,
  teamArriveSchema,
  teamDispatchSchema,
  teamReturnSchema,
  teamStatusSchema,
} from '../src/protocol/index.js';

/** Where the generated schema lives. */
export const PROTOCOL_SCHEMA_PATH = join(import.meta.dirname, '..', 'docs', 'protocol.schema.json');

type DefMeta = { id: string; description: string };
type JsonObject = { [key: string]: unknown };

const NOT_IN_SCHEMA = 'Not expressible in JSON Schema (a zod refinement, checked by the collector):';

// Registration order is irrelevant to the output ($defs are sorted); it only has to name every exported def.
const DEFS: [z.ZodType, DefMeta][] = [
  [
    readingSchema,
    { id: 'reading', description: 'One water-level observation (水情) from a reservoir or river gauge.' },
  ],
  [
    stockMovementSchema,
    {
      id: 'stock.movement',
      description:
        'A change to one item in one warehouse (物资出入库): in, out, transfer (with `to`) or adjust (signed). ' +
        `${NOT_IN_SCHEMA} quantity > 0 unless kind is adjust; adjust quantity ≠ 0; transfer needs \`to\`, ` +
        'different from `warehouse`; only a transfer may have `to`.',
    },
  ],
  [
    stockCountSchema,
    {
      id: 'stock.count',
      description:
        'A physical count (盘点) that sets the balance of one item in one warehouse. Checked by the collector: ' +
        'the lots must not add up to more than `quantity`.',
    },
  ],
  [
    incidentReportSchema,
    {
      id: 'incident.report',
      description: 'The first report (初报) of an incident; `incident` is the reporter’s reference.',
    },
  ],
  [
    incidentUpdateSchema,
    {
      id: 'incident.update',
      description:
        'A follow-up (续报/补报): the figures given replace the current ones, the rest stay as they are.',
    },
  ],
  [
    teamStatusSchema,
    {
      id: 'team.status',
      description:
        'A rescue team’s roll call (点名): people on hand and ready now, not counting those out on a dispatch. ' +
        'Checked by the collector: the team against the token scope (teams), `available` against its strength.',
    },
  ],
  [
    teamDispatchSchema,
    {
      id: 'team.dispatch',
      description:
        'People of a team sent to an open incident (出动). Refused with INSUFFICIENT_FORCES (path `headcount`) when ' +
        'more than the team has available; one open dispatch per team and incident.',
    },
  ],
  [
    teamArriveSchema,
    { id: 'team.arrive', description: 'The team’s open dispatch to the incident reached the scene (到达).' },
  ],
  [
    teamReturnSchema,
    {
      id: 'team.return',
      description:
        'The team’s open dispatch to the incident came back (归队): its people are available again.',
    },
  ],
  [
    capMessageSchema,
    {
      id: 'cap',
      description:
        'An OASIS CAP 1.2 warning (GB/T 35965.1) as XML text. Checked by the collector: the document against the ' +
        'CAP 1.2 element rules, its sender against the token scope (capSenders); Update/Cancel thread by ' +
        '`references`; Exercise/Test run as drills. Not allowed inside a batch.',
    },
  ],
  [
    batchSchema,
    {
      id: 'batch',
      description: `Up to ${MAX_BATCH_MESSAGES} messages stored in one transaction: all of them, or none.`,
    },
  ],
  [
    casualtiesSchema,
    { id: 'casualties', description: 'Casualty figures (人员伤亡), each counted separately, in persons.' },
  ],
  [
    singleIngestMessageSchema,
    {
      id: 'singleIngestMessage',
      description: 'Any ingest message except a batch: what a batch may contain.',
    },
  ],
  [
    ingestMessageSchema,
    { id: 'ingestMessage', description: 'Everything a source may send on /ingest, told apart by `type`.' },
  ],
  [
    ackSchema,
    {
      id: 'ack',
      description:
        'Sent once the message with this id is committed to disk; `duplicate` when it was stored before.',
    },
  ],
  [errorCodeSchema, { id: 'errorCode', description: 'The closed, stable set of error codes.' }],
  [
    errorReplySchema,
    { id: 'error', description: 'Sent instead of an ack: nothing from the message with this id was stored.' },
  ],
  [
    serverSettingsSchema,
    {
      id: 'serverSettings',
      description:
        'Collector limits in the config file: heartbeat, frame size, clock skew and age of timestamps.',
    },
  ],
  [
    configSchema,
    {
      id: 'config',
      description:
        'The county configuration file. ' +
        `${NOT_IN_SCHEMA} codes are unique per kind; every township, item and person referenced exists; ` +
        'a source token has a scope; a reservoir has `reservoir` levels in ascending order and a river gauge ' +
        'has `gauge` with guaranteeLevel above warningLevel; flood limits lie between deadLevel and normalLevel.',
    },
  ],
];

const ID_NOTE =
  'Chosen by the sender, unique per token; the reply echoes it and a resend with it is stored once.';
const V_NOTE = `Protocol version; may be left out, anything but ${PROTOCOL_VERSION} is refused.`;
const ENVELOPE_NOTES = { v: V_NOTE, id: ID_NOTE };

// Field descriptions with units: the zod schemas keep these as JSDoc, which z.toJSONSchema cannot see.
const FIELD_NOTES: Record<string, Record<string, string>> = {
  reading: {
    ...ENVELOPE_NOTES,
    station: 'Station code from the county config.',
    observedAt: 'When the level was observed (ISO 8601 with offset).',
    level: 'Water level in metres above the station datum.',
    flow: 'Discharge in m³/s, where the station measures it.',
    rain: 'Rain in mm since the station’s previous report.',
    sensorFault: 'The level sensor reports a fault; the level is not to be trusted.',
  },
  'stock.movement': {
    ...ENVELOPE_NOTES,
    warehouse: 'Warehouse code the stock leaves (or enters, for in).',
    item: 'Item code from the county config.',
    quantity: 'In the item’s own unit (顶, 床, 件 …); positive, except adjust, which is signed.',
    at: 'When the movement happened (ISO 8601 with offset).',
    to: 'The receiving warehouse of a transfer.',
    incident: 'The incident the stock was dispatched to.',
    lot: 'The lot (批次) moved; without it, stock leaves first-expiring first.',
    docNo: 'Voucher number (单据号) in the sender’s books.',
  },
  'stock.count': {
    ...ENVELOPE_NOTES,
    quantity: 'The counted quantity, in the item’s own unit; becomes the balance.',
    at: 'When the count was taken (ISO 8601 with offset).',
    lots: 'How the count splits into lots; without it, known lots are kept (trimmed to the count).',
  },
  'incident.report': {
    ...ENVELOPE_NOTES,
    incident: 'The reporter’s reference for the incident, unique in the county; later updates name it.',
    kind: 'The kind of event, e.g. flood, landslide, production_safety, traffic, fire.',
    township: 'Township code (乡镇/街道) from the county config.',
    village: 'Village code (村/社区) in that township.',
    occurredAt: 'When the incident happened (ISO 8601 with offset).',
    directLossYuan: 'Direct economic loss (直接经济损失) in whole yuan.',
    status: 'open unless the incident is already over when first reported.',
  },
  'incident.update': {
    ...ENVELOPE_NOTES,
    incident: 'The reference given in the incident.report.',
    at: 'When the new figures were established (ISO 8601 with offset).',
    casualties: 'Only the figures that changed; each replaces the current one.',
    directLossYuan: 'The new total direct loss in whole yuan.',
  },
  cap: {
    ...ENVELOPE_NOTES,
    xml: 'The whole CAP 1.2 <alert> document (namespace urn:oasis:names:tc:emergency:cap:1.2) as text, at most 1 MiB; declared UTF-8 or not at all. Send this or xmlBase64.',
    xmlBase64:
      "The document's bytes in base64 (at most 1 MiB of bytes), decoded as its XML declaration says: UTF-8, UTF-16, GB18030, GBK or GB2312. Send this or xml.",
  },
  batch: {
    ...ENVELOPE_NOTES,
    messages: 'The messages, each with its own id; their ids are journaled like those of single messages.',
  },
  casualties: {
    deaths: '死亡',
    missing: '失踪 (never folded into deaths)',
    seriousInjuries: '重伤',
    injuries: '受伤',
    trapped: '被困',
    evacuated: '转移/疏散',
    atRisk: '涉险',
  },
  ack: {
    id: 'The id of the message acknowledged.',
    duplicate: 'The id was stored before with the same body: nothing new was written.',
  },
  error: {
    id: 'The id of the message refused, or null when the frame had no readable id.',
    message: 'Human text naming the field or thing at fault; not stable, do not parse it.',
    path: 'The offending field, e.g. messages[2].level.',
  },
};

/** Builds the protocol's JSON Schema document (deterministic: same zod schemas, same object). */
export function buildProtocolSchema(): JsonObject {
  const registry = z.registry<DefMeta>();
  for (const [schema, meta] of DEFS) registry.add(schema, meta);
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    metadata: registry,
    // Senders may leave out fields that have defaults, so describe what may be sent, not what is stored.
    io: 'input',
    uri: (id) => `#/$defs/${id}`,
  });
  if ('__shared' in schemas) throw new Error('zod extracted shared $defs; register the reused schema by id');
  const defs: JsonObject = {};
  for (const id of Object.keys(schemas).sort()) {
    // Each def comes out as a standalone document; inside $defs the root's $schema applies and no $id is needed.
    const { $schema: _schema, $id: _id, ...def } = schemas[id] as JsonObject;
    defs[id] = describeFields(id, def);
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `dutywatch wire protocol v${PROTOCOL_VERSION} (WebSocket subprotocol ${SUBPROTOCOL})`,
    description:
      'Generated from src/protocol by scripts/write-protocol-schema.ts; do not edit. The root validates one ' +
      'message a source sends on /ingest; $defs also hold the replies (ack, error) and the config file. ' +
      'Rules written as zod refinements are not expressible here and are listed in each def’s description; ' +
      'references, scope and timestamp range are checked by the collector. See docs/PROTOCOL.md.',
    $ref: '#/$defs/ingestMessage',
    $defs: defs,
  };
}

function describeFields(id: string, def: JsonObject): JsonObject {
  const notes = FIELD_NOTES[id];
  // zod puts the def's description last; first reads better in a file people open to learn the protocol.
  const { description, ...rest } = def;
  const ordered: JsonObject = description === undefined ? rest : { description, ...rest };
  if (!notes) return ordered;
  const properties = ordered['properties'] as Record<string, JsonObject> | undefined;
  for (const [field, note] of Object.entries(notes)) {
    const property = properties?.[field];
    // A note on a field the schema no longer has would document something that is not there.
    if (!properties || !property) throw new Error(`FIELD_NOTES: ${id} has no field ${field}`);
    properties[field] = { description: note, ...property };
  }
  return ordered;
}

/** The schema file's exact text: 2-space indent and a trailing newline. */
export function renderProtocolSchema(): string {
  return `${JSON.stringify(buildProtocolSchema(), null, 2)}\n`;
}

function readCurrent(): string | undefined {
  try {
    return readFileSync(PROTOCOL_SCHEMA_PATH, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const text = renderProtocolSchema();
  if (argv.includes('--check')) {
    if (readCurrent() === text) return 0;
    process.stderr.write(`${PROTOCOL_SCHEMA_PATH} is out of date; run \`npm run schema\`\n`);
    return 1;
  }
  writeFileSync(PROTOCOL_SCHEMA_PATH, text);
  process.stderr.write(`wrote ${PROTOCOL_SCHEMA_PATH}\n`);
  return 0;
}

// Only when run as a script: the test imports buildProtocolSchema without writing anything. realpath, because
// import.meta.url is resolved through symlinks and argv[1] is not.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
