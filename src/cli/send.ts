import { readFileSync } from 'node:fs';
import { connectIngest, sendAndWait } from '../client/ingest-client.js';
import { parseJson } from '../protocol/index.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch send [options] [JSON]

Sends one message to the collector's /ingest endpoint and prints the reply (ack or error) as JSON.
The message is the JSON argument, or standard input when it is absent or "-". Exit 0 on ack, 1 on an error reply.

Options:
${CONNECT_HELP}

Example:
  dutywatch send --token "$T" '{"type":"reading","id":"r-1","station":"ST-RH-02","observedAt":"2026-07-20T02:00:00+08:00","level":41.32}'`;

/** `dutywatch send`. */
export const sendCommand = defineCommand({
  name: 'send',
  summary: 'send one message to the collector and print the reply',
  help: HELP,
  options: CONNECT_OPTIONS,
  allowPositionals: true,
  async run({ values, positionals }) {
    const token = readToken('send', values);
    const text =
      positionals[0] === undefined || positionals[0] === '-' ? readFileSync(0, 'utf8') : positionals[0];
    const json = parseJson(text);
    // The collector judges the message; we only need the id to match the reply (null for unparseable input).
    const id =
      json.ok && typeof (json.value as { id?: unknown })?.id === 'string'
        ? (json.value as { id: string }).id
        : null;
    const ca = readCa('send', values);
    const ws = await connectIngest(readUrl(values), token, ca ? { ca } : {});
    try {
      const reply = await sendAndWait(ws, text.trim(), id);
      process.stdout.write(`${JSON.stringify(reply)}\n`);
      return reply.type === 'ack' ? 0 : 1;
    } finally {
      ws.close();
    }
  },
});
