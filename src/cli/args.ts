import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in how a command was called: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One CLI command: its help text and what it does. Resolves with the process exit code. */
export type Command = {
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
};

/** `parseArgs` that turns node's errors into a UsageError naming the bad option. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    const text =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new UsageError(`dutywatch ${command}: ${text}`);
  }
}

/**
 * `--start -6h` as `--start=-6h`: node's parser takes a value starting with a dash for another option, but a
 * relative time or a negative number after an option that takes a value is that option's value.
 */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Parses a whole number option within bounds, or throws a UsageError. */
export function intOption(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
  min = 0,
  max = 65535,
) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `dutywatch ${command}: --${name} must be a whole number from ${min} to ${max}, not "${value}"`,
    );
  }
  return n;
}

/** Parses a positive number option, or throws a UsageError. */
export function numberOption(command: string, name: string, value: string | undefined, fallback: number) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`dutywatch ${command}: --${name} must be a positive number, not "${value}"`);
  return n;
}
