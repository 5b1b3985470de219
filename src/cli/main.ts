import type { Command } from './args.js';

/**
 * A subcommand as `--help` lists it, and how to load it. Each command is imported only when it runs: importing
 * all of them (the collector, SQLite, CAP, the wall) made `dutywatch --help` itself take half a second (issue 12).
 * The summary is repeated here so the list needs no import; a test holds it equal to the command's own.
 */
export type LazyCommand = { summary: string; load(): Promise<Command> };

/** Every subcommand; `--help` is generated from this table. */
export const COMMANDS: Record<string, LazyCommand> = {
  console: {
    summary: 'the duty console: live panels and escalation prompts (full screen)',
    load: async () => (await import('./console.js')).consoleCommand,
  },
  demo: {
    summary: 'run the demo: a collector, the flood-night scenario, and the console on it',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  serve: {
    summary: 'run the collector (ingest, watch feed, health and metrics)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  send: {
    summary: 'send one message to the collector and print the reply',
    load: async () => (await import('./send.js')).sendCommand,
  },
  replay: {
    summary: 'feed a scenario file to a collector',
    load: async () => (await import('./replay.js')).replayCommand,
  },
  token: {
    summary: 'make a new access token and the hash to put in the config',
    load: async () => (await import('./token.js')).tokenCommand,
  },
  watch: {
    summary: 'print the live feed as JSON lines',
    load: async () => (await import('./watch.js')).watchCommand,
  },
  handover: {
    summary: 'print the handover report (open alerts, clocks, incidents, stations, stock, notes)',
    load: async () => (await import('./handover.js')).handoverCommand,
  },
  wall: {
    summary: 'run the full-screen wall display (read-only)',
    load: async () => (await import('./wall.js')).wallCommand,
  },
  'sl651-gateway': {
    summary: 'accept SL 651 telemetry terminals over TCP and forward their readings',
    load: async () => (await import('./sl651-gateway.js')).sl651GatewayCommand,
  },
  cap: {
    summary: 'CAP 1.2 alerts: import, validate, export an incident, after-action report of a drill',
    load: async () => (await import('./cap.js')).capCommand,
  },
  relay: {
    summary: 'report a county upward: forward readings, incidents and alerts to the city collector',
    load: async () => (await import('./relay.js')).relayCommand,
  },
  backup: {
    summary: 'take a checked online backup of the database',
    load: async () => (await import('./backup.js')).backupCommand,
  },
  restore: {
    summary: 'put a backup in place as the database (the collector stopped)',
    load: async () => (await import('./backup.js')).restoreCommand,
  },
  callout: {
    summary: 'call-outs (叫应): the after-action report of one',
    load: async () => (await import('./callout.js')).calloutCommand,
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `dutywatch (值班台) — duty watch for a county emergency management bureau

Usage: dutywatch <command> [options]

Commands:
${lines.join('\n')}

Run "dutywatch <command> --help" for a command's options.`;
}

/** Runs the CLI and resolves with the exit code; errors are printed to stderr, never thrown. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { VERSION } = await import('../../server/version.js');
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`dutywatch: unknown command "${name}"; run "dutywatch --help" for the list\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (error) {
    // Loaded only for an error, so the commands that never fail this way do not pay for them.
    const [{ UsageError }, { ConfigError }, { ScenarioError }] = await Promise.all([
      import('./args.js'),
      import('../../server/config-file.js'),
      import('../replay/scenario.js'),
    ]);
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun "dutywatch ${name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof ScenarioError) {
      process.stderr.write(`dutywatch ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`dutywatch ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
