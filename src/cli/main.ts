import { ConfigError } from '../../server/config-file.js';
import { ScenarioError } from '../replay/scenario.js';
import { type Command, UsageError } from './args.js';
import { backupCommand, restoreCommand } from './backup.js';
import { calloutCommand } from './callout.js';
import { capCommand } from './cap.js';
import { consoleCommand } from './console.js';
import { demoCommand } from './demo.js';
import { handoverCommand } from './handover.js';
import { relayCommand } from './relay.js';
import { replayCommand } from './replay.js';
import { sendCommand } from './send.js';
import { serveCommand } from './serve.js';
import { sl651GatewayCommand } from './sl651-gateway.js';
import { tokenCommand } from './token.js';
import { wallCommand } from './wall.js';
import { watchCommand } from './watch.js';

/** Every subcommand; `--help` is generated from this table. */
const COMMANDS: Record<string, Command> = {
  console: consoleCommand,
  demo: demoCommand,
  serve: serveCommand,
  send: sendCommand,
  replay: replayCommand,
  token: tokenCommand,
  watch: watchCommand,
  handover: handoverCommand,
  wall: wallCommand,
  'sl651-gateway': sl651GatewayCommand,
  cap: capCommand,
  relay: relayCommand,
  backup: backupCommand,
  restore: restoreCommand,
  callout: calloutCommand,
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
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`dutywatch: unknown command "${name}"; run "dutywatch --help" for the list\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
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
