import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shiftCapTimes } from '../cap/shift-cap-times.js';
import { decodeIngestValue, type IngestMessage, instantSchema, parseJson } from '../protocol/index.js';

const headerSchema = z.strictObject({
  scenario: z.string().min(1),
  title: z.string().optional(),
  start: instantSchema,
});

/** One step of a scenario: the message and when, in seconds from the scenario's start, it is sent. */
export type ScenarioStep = { t: number; message: IngestMessage };
export type Scenario = { name: string; title: string | undefined; start: number; steps: ScenarioStep[] };

/** A scenario file is bad; the message names the line. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/**
 * Reads a scenario (JSONL): a header `{"scenario", "title", "start"}` then `{"t": seconds, "message": …}` lines.
 * Every message is validated with the protocol's own codec, so a bad scenario fails before anything is sent.
 */
export function readScenario(path: string): Scenario {
  const lines = readFileSync(path, 'utf8').split('\n');
  let header: z.infer<typeof headerSchema> | undefined;
  const steps: ScenarioStep[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path}:${i + 1}`;
    const json = parseJson(line);
    if (!json.ok) throw new ScenarioError(`${where}: not valid JSON: ${json.message}`);
    if (!header) {
      const parsed = headerSchema.safeParse(json.value);
      if (!parsed.success) throw new ScenarioError(`${where}: the first line must be the scenario header`);
      header = parsed.data;
      return;
    }
    const step = json.value as { t?: unknown; message?: unknown };
    if (typeof step.t !== 'number' || !Number.isFinite(step.t) || step.t < 0) {
      throw new ScenarioError(`${where}: "t" must be seconds from the start`);
    }
    const decoded = decodeIngestValue(step.message);
    if (!decoded.ok) throw new ScenarioError(`${where}: ${decoded.code}: ${decoded.message}`);
    steps.push({ t: step.t, message: decoded.value });
  });
  if (!header) throw new ScenarioError(`${path}: empty scenario`);
  steps.sort((a, b) => a.t - b.t);
  return { name: header.scenario, title: header.title, start: Date.parse(header.start), steps };
}

const TIME_FIELDS = ['observedAt', 'at', 'occurredAt', 'departedAt'] as const;

/** Shifts every timestamp in a message by `shiftMs`, keeping the +08:00-style offset readable as UTC. */
export function shiftMessage(message: IngestMessage, shiftMs: number): IngestMessage {
  if (shiftMs === 0) return message;
  const copy: Record<string, unknown> = { ...message };
  for (const field of TIME_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = new Date(Date.parse(value) + shiftMs).toISOString();
  }
  if (message.type === 'batch') {
    copy['messages'] = message.messages.map((m) => shiftMessage(m, shiftMs));
  }
  // A scenario's CAP is text; a document carried as bytes (xmlBase64) is replayed unshifted.
  if (message.type === 'cap' && message.xml !== undefined) copy['xml'] = shiftCapTimes(message.xml, shiftMs);
  return copy as IngestMessage;
}

/** Parses `--start`: `now`, an ISO instant, or a relative `-6h` / `-90m` / `+10s`. */
export function parseStart(value: string, now: number): number | undefined {
  if (value === 'now') return now;
  const relative = /^([+-])(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(value);
  if (relative) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[3] as 's' | 'm' | 'h' | 'd'];
    return now + (relative[1] === '-' ? -1 : 1) * Number(relative[2]) * unit;
  }
  const parsed = instantSchema.safeParse(value);
  return parsed.success ? Date.parse(value) : undefined;
}
