import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Channel, DeliveryOutcome } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { channelConfigSchema } from '../../../src/protocol/index.js';
import { never, outboundMessage } from '../../helpers/outbound-message.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GATEWAY_TOKEN = 'gsm-gateway-token-4b7c1e';

/** Writes an executable script into the temporary directory and returns its path. */
function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

function commandChannel(argv: string[], extra: Record<string, unknown> = {}): Channel {
  const config = channelConfigSchema.parse({ kind: 'command', argv, ...extra });
  return createChannel('gsm-modem', config, () => GATEWAY_TOKEN);
}

const failureOf = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  expect(outcome.reason).not.toContain(GATEWAY_TOKEN);
  return outcome;
};

// A stand-in for an SMS tool: reads the JSON on stdin, records it and what it was given, answers like a modem.
const smsTool = script(
  'sms-tool.mjs',
  `import { writeFileSync } from 'node:fs';
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  writeFileSync(process.argv[2], JSON.stringify({
    message: JSON.parse(input),
    token: process.env.GATEWAY_TOKEN,
    port: process.env.MODEM_PORT,
    leaked: process.env['DUTYWATCH_LEAK_CHECK'] ?? null,
  }));
  console.log('queued as 4711');
});
`,
);

describe('command channel', () => {
  it('runs the program without a shell, the message as JSON on stdin; exit 0 is delivered', async () => {
    const out = join(dir, 'received.json');
    process.env['DUTYWATCH_LEAK_CHECK'] = 'the collector environment';
    const channel = commandChannel([process.execPath, smsTool, out], {
      env: { MODEM_PORT: '/dev/ttyUSB2' },
      secretEnv: { GATEWAY_TOKEN: { env: 'GSM_GATEWAY_TOKEN' } },
    });
    const message = outboundMessage();
    const outcome = await channel.send(message, never());
    delete process.env['DUTYWATCH_LEAK_CHECK'];

    expect(outcome).toEqual({ ok: true, detail: 'queued as 4711' });
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.message).toEqual(message);
    expect(seen.token).toBe(GATEWAY_TOKEN);
    expect(seen.port).toBe('/dev/ttyUSB2');
    // Only PATH, HOME, LANG, LC_ALL and TZ are passed on from the collector's own environment.
    expect(seen.leaked).toBeNull();
  });

  it('passes arguments literally: no shell expands them', async () => {
    const out = join(dir, 'literal $(touch pwned) *.json');
    const outcome = await commandChannel([process.execPath, smsTool, out]).send(outboundMessage(), never());
    expect(outcome).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(out, 'utf8')).message.idempotencyKey).toBe('co-7.r-3.d-12');
  });

  it('reports a non-zero exit as transient with the tail of stderr, secrets masked', async () => {
    const tool = script(
      'modem-busy.sh',
      `#!/bin/sh\ncat >/dev/null\necho "opening /dev/ttyUSB2" >&2\necho "AT+CMGS: modem busy (token $GATEWAY_TOKEN)" >&2\nexit 1\n`,
    );
    const outcome = failureOf(
      await commandChannel([tool], { secretEnv: { GATEWAY_TOKEN: { env: 'X' } } }).send(
        outboundMessage(),
        never(),
      ),
    );
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: `${tool}: exit status 1: opening /dev/ttyUSB2 / AT+CMGS: modem busy (token ‹secret›)`,
    });
  });

  it('reports a sysexits "data error" (65) as permanent and "try later" (75) as transient', async () => {
    const bad = script('bad-number.sh', '#!/bin/sh\necho "not a mobile number" >&2\nexit 65\n');
    expect(await commandChannel([bad]).send(outboundMessage(), never())).toMatchObject({
      ok: false,
      permanent: true,
    });
    const later = script('tempfail.sh', '#!/bin/sh\nexit 75\n');
    expect(await commandChannel([later]).send(outboundMessage(), never())).toEqual({
      ok: false,
      permanent: false,
      reason: `${later}: exit status 75`,
    });
  });

  it('reports a program that does not exist as permanent', async () => {
    const missing = join(dir, 'no-such-tool');
    const outcome = failureOf(await commandChannel([missing]).send(outboundMessage(), never()));
    expect(outcome).toEqual({ ok: false, permanent: true, reason: `${missing}: cannot run: ENOENT` });
  });

  it('keeps only a bounded tail of a flood of output, and still reports', async () => {
    const chatty = script(
      'chatty.sh',
      `#!/bin/sh\nhead -c 2000000 /dev/zero | tr '\\0' 'x'\nhead -c 2000000 /dev/zero | tr '\\0' 'y' >&2\necho >&2\necho "gave up" >&2\nexit 3\n`,
    );
    const outcome = failureOf(await commandChannel([chatty]).send(outboundMessage(), never()));
    expect(outcome.reason.length).toBeLessThanOrEqual(300);
    expect(outcome.reason.endsWith('gave up')).toBe(true);
  });

  it('stops a program slower than its timeout as a transient failure', async () => {
    const slow = script('slow.sh', '#!/bin/sh\nexec sleep 60\n');
    const outcome = failureOf(
      await commandChannel([slow], { timeoutMs: 300 }).send(outboundMessage(), never()),
    );
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: `${slow}: did not finish within 300 ms; stopped`,
    });
  });

  it('stops the program, with everything it started, when the sender aborts', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const waiter = script(
      'waiter.sh',
      `#!/bin/sh\nsleep 60 &\necho $! > "${pidFile}.tmp"\nmv "${pidFile}.tmp" "${pidFile}"\nwait\n`,
    );
    const controller = new AbortController();
    const sending = commandChannel([waiter]).send(outboundMessage(), controller.signal);
    while (!existsQuietly(pidFile)) await sleep(10);
    controller.abort();
    expect(await sending).toEqual({
      ok: false,
      permanent: false,
      reason: `${waiter}: abandoned by the sender; stopped`,
    });
    // The grandchild (sleep) went with its process group, not left behind holding the modem.
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(await isGone(sleeper)).toBe(true);
  });
});

function existsQuietly(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a process has exited, waiting a while for it (SIGTERM takes a moment to land). An orphan that died
 * but was not yet reaped by whoever adopted it is a zombie: gone, though `kill(pid, 0)` still finds it.
 */
async function isGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await sleep(10);
  }
  return false;
}
