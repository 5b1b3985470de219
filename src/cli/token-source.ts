import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

/** The token from --token, --token-file or DUTYWATCH_TOKEN (in that order); a file keeps it out of `ps`. */
export function readToken(
  command: string,
  values: { token?: string | undefined; 'token-file'?: string | undefined },
): string {
  if (values.token) return values.token;
  if (values['token-file']) {
    try {
      return readFileSync(values['token-file'], 'utf8').trim();
    } catch (error) {
      throw new UsageError(
        `dutywatch ${command}: cannot read --token-file: ${(error as NodeJS.ErrnoException).code}`,
      );
    }
  }
  const fromEnv = process.env['DUTYWATCH_TOKEN'];
  if (fromEnv) return fromEnv;
  throw new UsageError(
    `dutywatch ${command}: a token is needed: --token T, --token-file F or DUTYWATCH_TOKEN`,
  );
}

/** The option definitions every client command shares. */
export const CONNECT_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  ca: { type: 'string' },
} as const;

export const CONNECT_HELP = `  --url URL          collector address, e.g. ws://127.0.0.1:8470 (default; env DUTYWATCH_URL)
  --token T          access token (or --token-file F, or env DUTYWATCH_TOKEN)
  --ca FILE          trust this CA (PEM) for a wss:// collector with a private certificate`;

/** The collector address from --url or DUTYWATCH_URL. */
export function readUrl(values: { url?: string | undefined }): string {
  return values.url ?? process.env['DUTYWATCH_URL'] ?? 'ws://127.0.0.1:8470';
}

/** The CA certificate from --ca, read once; undefined means the system's trusted CAs. */
export function readCa(command: string, values: { ca?: string | undefined }): Buffer | undefined {
  if (!values.ca) return undefined;
  try {
    return readFileSync(values.ca);
  } catch (error) {
    throw new UsageError(`dutywatch ${command}: cannot read --ca: ${(error as NodeJS.ErrnoException).code}`);
  }
}
