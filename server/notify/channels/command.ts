import { type ChildProcess, spawn } from 'node:child_process';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { abandonedReason, cleanReason } from './reason.js';

/** How much of the program's output is kept: enough for a reason, bounded however chatty it is. */
const MAX_OUTPUT_BYTES = 4096;
/** How much of stderr's tail a reason quotes. */
const MAX_TAIL_CHARS = 200;
/** A program that ignores SIGTERM gets SIGKILL after this. */
const KILL_GRACE_MS = 2000;
/** The only variables passed on from the collector's own environment, which may hold other secrets. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ'];
// sysexits(3): EX_USAGE..EX_CONFIG say "this will not work as configured"; EX_TEMPFAIL (75) says "later".
const EX_USAGE = 64;
const EX_CONFIG = 78;
const EX_TEMPFAIL = 75;

export interface CommandSettings {
  readonly argv: readonly [string, ...string[]];
  readonly timeoutMs: number;
  /** Added to the few inherited variables; values may be secrets (masked in reasons). */
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

/**
 * Runs a local program (a GSM modem's SMS tool, a voice dialler) once per delivery, with no shell: the
 * message as one line of JSON on stdin, exit status 0 for delivered, the tail of stderr as the reason.
 */
export function createCommandChannel(name: string, settings: CommandSettings): Channel {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, settings.env);
  return {
    name,
    kind: 'command',
    send: (message, signal) => run(settings, env, message, signal),
  };
}

function run(
  settings: CommandSettings,
  env: Record<string, string>,
  message: OutboundMessage,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const [program, ...args] = settings.argv;
  const fail = (permanent: boolean, reason: string): DeliveryOutcome => ({
    ok: false,
    permanent,
    reason: cleanReason(`${program}: ${reason}`, settings.secrets),
  });
  if (signal.aborted) return Promise.resolve(fail(false, abandonedReason(signal)));

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // Its own process group, so a timeout also ends whatever the program started (a shell script's sleep).
      child = spawn(program, args, {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
    } catch (error) {
      resolve(fail(true, `cannot start: ${(error as Error).message}`));
      return;
    }
    let isSettled = false;
    const settle = (outcome: DeliveryOutcome) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onSenderAbort);
      resolve(outcome);
    };
    const stdout = keepHead(child.stdout);
    const stderr = keepTail(child.stderr);
    const stop = (why: string) => {
      killGroup(child, 'SIGTERM');
      const escalate = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
      escalate.unref();
      child.once('exit', () => clearTimeout(escalate));
      settle(fail(false, `${why}; stopped`));
    };
    const onSenderAbort = () => stop(abandonedReason(signal));
    signal.addEventListener('abort', onSenderAbort, { once: true });
    const timer = setTimeout(
      () => stop(`did not finish within ${settings.timeoutMs} ms`),
      settings.timeoutMs,
    );

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Not found or not executable will not change by trying again.
      const isPermanent = error.code === 'ENOENT' || error.code === 'EACCES';
      settle(fail(isPermanent, `cannot run: ${error.code ?? error.message}`));
    });
    child.on('close', (code, killedBy) => {
      if (code === 0) {
        settle({ ok: true, detail: cleanReason(firstLine(stdout()), settings.secrets) || 'exit status 0' });
        return;
      }
      const tail = lastLines(stderr());
      const status = code === null ? `killed by ${killedBy}` : `exit status ${code}`;
      const isPermanent = code !== null && code >= EX_USAGE && code <= EX_CONFIG && code !== EX_TEMPFAIL;
      settle(fail(isPermanent, tail ? `${status}: ${tail}` : status));
    });
    // A program that exits without reading its stdin makes the write fail with EPIPE; its exit status decides.
    child.stdin?.on('error', () => {});
    child.stdin?.end(`${JSON.stringify(message)}\n`);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Keeps the first MAX_OUTPUT_BYTES and drains the rest, so a chatty program never blocks on a full pipe. */
function keepHead(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= MAX_OUTPUT_BYTES) return;
    chunks.push(chunk.subarray(0, MAX_OUTPUT_BYTES - size));
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Keeps the last MAX_OUTPUT_BYTES: a program's reason for failing is usually its last words. */
function keepTail(stream: NodeJS.ReadableStream | null): () => string {
  let tail = Buffer.alloc(0);
  stream?.on('data', (chunk: Buffer) => {
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > MAX_OUTPUT_BYTES) tail = tail.subarray(tail.length - MAX_OUTPUT_BYTES);
  });
  return () => tail.toString('utf8');
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

/** The last few lines, cut from the front when long: a reason is bounded, and the last words matter most. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-3)
    .join(' / ');
  return lines.length > MAX_TAIL_CHARS ? `…${lines.slice(-MAX_TAIL_CHARS)}` : lines;
}
