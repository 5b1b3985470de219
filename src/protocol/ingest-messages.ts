import { z } from 'zod';
import { MAX_BATCH_MESSAGES, PROTOCOL_VERSION } from './constants.js';
import {
  codeSchema,
  headcountSchema,
  instantSchema,
  levelSchema,
  lineSchema,
  messageIdSchema,
  refuseUnsafeText,
  textSchema,
} from './primitives.js';
import { teamArriveSchema, teamDispatchSchema, teamReturnSchema, teamStatusSchema } from './team-messages.js';

// Sources may omit `v`; a message that names another version is refused rather than misread.
const envelope = {
  v: z.literal(PROTOCOL_VERSION).optional(),
  id: messageIdSchema,
};

/** The largest discharge (m³/s) and rain (mm) a reading may carry. */
export const FLOW_MAX = 1_000_000;
export const RAIN_MAX = 2000;

/** One water-level observation from a reservoir or river gauge. */
export const readingSchema = z.strictObject({
  ...envelope,
  type: z.literal('reading'),
  station: codeSchema,
  observedAt: instantSchema,
  /** Metres above the station datum. */
  level: levelSchema,
  /** Discharge in m³/s, where the station measures it. */
  flow: z.number().min(0).max(FLOW_MAX).optional(),
  /** Rain in mm since the station's previous report. */
  rain: z.number().min(0).max(RAIN_MAX).optional(),
  /** The station reports its level sensor faulty (SL 651 ZT bit): the level is not to be trusted. */
  sensorFault: z.boolean().optional(),
});
export type Reading = z.infer<typeof readingSchema>;

export const stockMovementKindSchema = z.enum(['in', 'out', 'transfer', 'adjust']);
export type StockMovementKind = z.infer<typeof stockMovementKindSchema>;

/** A lot of stock with its own expiry date (food, medicine, batteries). */
export const lotSchema = z.strictObject({
  batch: lineSchema(64).min(1),
  expiresOn: z.iso.date().optional(),
});

/**
 * A change to one item's stock in one warehouse: received (`in`), issued (`out`), moved to another warehouse
 * (`transfer`, with `to`) or corrected (`adjust`, signed). The collector keeps these as an append-only ledger.
 */
export const stockMovementSchema = z
  .strictObject({
    ...envelope,
    type: z.literal('stock.movement'),
    warehouse: codeSchema,
    item: codeSchema,
    kind: stockMovementKindSchema,
    /** Units of the item's own unit (顶, 床, 件 …); positive, except `adjust`, which is signed. */
    quantity: z.int().min(-10_000_000).max(10_000_000),
    at: instantSchema,
    /** The receiving warehouse of a `transfer`. */
    to: codeSchema.optional(),
    /** The incident the stock was dispatched to. */
    incident: codeSchema.optional(),
    /**
     * The team the stock went with: with `incident`, it names the team's dispatch to that incident (a team has
     * at most one open dispatch per incident), which must have been reported.
     */
    team: codeSchema.optional(),
    lot: lotSchema.optional(),
    docNo: lineSchema(64).optional(),
    reason: lineSchema(500).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== 'adjust' && m.quantity <= 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: `must be positive for ${m.kind}` });
    }
    if (m.kind === 'adjust' && m.quantity === 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'an adjustment of 0 changes nothing' });
    }
    if (m.kind === 'transfer' && m.to === undefined) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a transfer needs the receiving warehouse' });
    }
    if (m.kind === 'transfer' && m.to === m.warehouse) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a transfer must go to another warehouse' });
    }
    if (m.kind !== 'transfer' && m.to !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `only a transfer has a receiving warehouse` });
    }
    if (m.team !== undefined && m.incident === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['team'],
        message: 'a team names its dispatch together with the incident: give the incident too',
      });
    }
  });
export type StockMovement = z.infer<typeof stockMovementSchema>;

/** A physical count (盘点) of one item in one warehouse: sets the balance, and the ledger records the difference. */
export const stockCountSchema = z.strictObject({
  ...envelope,
  type: z.literal('stock.count'),
  warehouse: codeSchema,
  item: codeSchema,
  quantity: z.int().min(0).max(10_000_000),
  at: instantSchema,
  /** How the count splits into lots with expiry dates; together no more than `quantity` (the rest is unlotted). */
  lots: z
    .array(z.strictObject({ ...lotSchema.shape, quantity: z.int().min(0).max(10_000_000) }))
    .max(100)
    .optional(),
});
export type StockCount = z.infer<typeof stockCountSchema>;

/** Casualty figures, each kept separately (missing persons are never folded into deaths). */
export const casualtiesSchema = z.strictObject({
  deaths: headcountSchema,
  missing: headcountSchema,
  seriousInjuries: headcountSchema,
  injuries: headcountSchema,
  trapped: headcountSchema,
  evacuated: headcountSchema,
  /** People exposed to danger (涉险), for 较大涉险 reporting. */
  atRisk: headcountSchema.optional(),
});
export type Casualties = z.infer<typeof casualtiesSchema>;

export const incidentCategorySchema = z.enum(['natural', 'accident', 'public_health', 'social']);
export const incidentStatusSchema = z.enum(['open', 'closed']);

/** Direct economic loss in whole yuan (an integer, so level bounds compare exactly). */
export const lossYuanSchema = z.int().min(0).max(1e15);

/** The first report (初报) of an incident. `incident` is the reporter's reference, unique in the county. */
export const incidentReportSchema = z.strictObject({
  ...envelope,
  type: z.literal('incident.report'),
  incident: codeSchema,
  category: incidentCategorySchema,
  /** The kind of event: flood, landslide, production_safety, traffic, fire … */
  kind: codeSchema,
  title: lineSchema(200).min(1),
  township: codeSchema,
  village: codeSchema.optional(),
  location: lineSchema(200).optional(),
  occurredAt: instantSchema,
  casualties: casualtiesSchema,
  directLossYuan: lossYuanSchema,
  status: incidentStatusSchema.default('open'),
  description: textSchema(4000).optional(),
});
export type IncidentReport = z.infer<typeof incidentReportSchema>;

/** A follow-up (续报/补报): new figures replace old ones; fields left out are unchanged. */
export const incidentUpdateSchema = z.strictObject({
  ...envelope,
  type: z.literal('incident.update'),
  incident: codeSchema,
  at: instantSchema,
  casualties: casualtiesSchema.partial().optional(),
  directLossYuan: lossYuanSchema.optional(),
  status: incidentStatusSchema.optional(),
  note: textSchema(4000).optional(),
});
export type IncidentUpdate = z.infer<typeof incidentUpdateSchema>;

/**
 * The largest CAP document accepted, in characters of `xml` (or bytes of `xmlBase64`): 1 MiB. CAP 1.2 puts no
 * bound on a document, and a schema-valid alert with an embedded resource (`derefUri`, base64) runs to hundreds of
 * KiB (an IPAWS alert seen at 459 KB, issue 14); this bound keeps a runaway upload from being kept.
 */
export const MAX_CAP_XML_CHARS = 1024 * 1024;
/** Base64 of {@link MAX_CAP_XML_CHARS} bytes. */
export const MAX_CAP_BASE64_CHARS = Math.ceil(MAX_CAP_XML_CHARS / 3) * 4;

/**
 * An OASIS CAP 1.2 alert message (China's profile GB/T 35965.1): a warning from the national early-warning
 * system, an upstream or downstream platform, or a drill (`status` Exercise or Test). The document comes either as
 * text (`xml`) or as the file's bytes in base64 (`xmlBase64`) — the way for a document in GBK or GB18030, which is
 * decoded as its XML declaration says. The collector validates it against the CAP 1.2 element rules; `Update` and
 * `Cancel` thread into the warning of the messages they reference. A `cap` message stands alone: it is not allowed
 * inside a batch.
 */
export const capMessageSchema = z
  .strictObject({
    ...envelope,
    type: z.literal('cap'),
    xml: z
      .string()
      .min(1)
      .max(MAX_CAP_XML_CHARS, `a CAP document may be at most ${MAX_CAP_XML_CHARS} characters`)
      .superRefine(refuseUnsafeText('xml'))
      .optional(),
    xmlBase64: z
      .string()
      .min(4)
      .max(MAX_CAP_BASE64_CHARS, `a CAP document may be at most ${MAX_CAP_XML_CHARS} bytes`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64 (RFC 4648, no line breaks)')
      .optional(),
  })
  .refine((m) => (m.xml === undefined) !== (m.xmlBase64 === undefined), {
    message: 'send the document in exactly one of xml (text) and xmlBase64 (the bytes)',
    path: ['xml'],
  });
export type CapMessage = z.infer<typeof capMessageSchema>;

// One list for both unions, so a new single message cannot be taken on `/ingest` but refused inside a batch.
const singleIngestSchemas = [
  readingSchema,
  stockMovementSchema,
  stockCountSchema,
  incidentReportSchema,
  incidentUpdateSchema,
  teamStatusSchema,
  teamDispatchSchema,
  teamArriveSchema,
  teamReturnSchema,
] as const;

/** Every single ingest message (what a batch may contain). */
export const singleIngestMessageSchema = z.discriminatedUnion('type', singleIngestSchemas);
export type SingleIngestMessage = z.infer<typeof singleIngestMessageSchema>;

/** Several messages stored in one transaction: all of them, or (on any error) none. */
export const batchSchema = z.strictObject({
  ...envelope,
  type: z.literal('batch'),
  messages: z.array(singleIngestMessageSchema).min(1).max(MAX_BATCH_MESSAGES),
});
export type Batch = z.infer<typeof batchSchema>;

/** Everything a source may send on `/ingest`. */
export const ingestMessageSchema = z.discriminatedUnion('type', [
  ...singleIngestSchemas,
  capMessageSchema,
  batchSchema,
]);
export type IngestMessage = z.infer<typeof ingestMessageSchema>;
export type IngestType = IngestMessage['type'];
/** Every message but a batch: what the collector checks and stores one by one. */
export type StandaloneIngestMessage = Exclude<IngestMessage, Batch>;
export const INGEST_TYPES = ingestMessageSchema.options.map((o) => o.shape.type.value);
