/** A logger that writes one line per event to stderr (never stdout: the console owns that). */
export type Logger = {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
};

/** Logs `time level event key=value …` lines to a writable stream (stderr by default). */
export function createLogger(stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    if (quiet && level === 'info') return;
    const rest = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
      .join(' ');
    stream.write(`${new Date().toISOString()} ${level} ${event}${rest ? ` ${rest}` : ''}\n`);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

/**
 * The fields that describe a caught error in a log line: its message and, for an Error, its stack (issue 18: an
 * internal error logged without its stack cannot be traced back to the line that failed).
 */
export function errorFields(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error && error.stack) return { error: String(error), stack: error.stack };
  return { error: String(error) };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
