// `npm run chaos [-- SECTION…] [--quick] [--cycles N] [--list] [--keep]`: the reliability run of issue 7. Each section
// starts real collectors (`dutywatch serve` from the sources, loopback only), abuses them, checks what the
// database and the watchers say, and prints one line of figures; the exit code is 1 if any line fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { authMatrix } from './auth-matrix.js';
import { backups } from './backups.js';
import { badInput } from './bad-input.js';
import { crashCycles } from './crash-cycles.js';
import { diskFull } from './disk-full.js';
import { floods } from './floods.js';
import { recordHoles } from './record-holes.js';
import { resultLine, type Section, type SectionResult } from './report.js';

/** Every section, in the order a full run takes them. */
export const SECTIONS: readonly Section[] = [
  crashCycles,
  badInput,
  floods,
  authMatrix,
  diskFull,
  recordHoles,
  backups,
];

/** Runs the named sections (all when none is named) and returns the exit code. */
export async function runChaos(argv: readonly string[]): Promise<number> {
  // `--cycles N` takes a value; every other flag stands alone.
  const cyclesAt = argv.indexOf('--cycles');
  const cyclesText = cyclesAt >= 0 ? argv[cyclesAt + 1] : undefined;
  const rest = cyclesAt >= 0 ? [...argv.slice(0, cyclesAt), ...argv.slice(cyclesAt + 2)] : [...argv];
  const cycles = cyclesText === undefined ? undefined : Number(cyclesText);
  if (
    cyclesAt >= 0 &&
    !(cycles !== undefined && Number.isInteger(cycles) && cycles >= 1 && cycles <= 100_000)
  ) {
    process.stderr.write(`--cycles takes a whole number from 1 to 100000, not "${cyclesText ?? ''}"\n`);
    return 2;
  }
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const names = rest.filter((a) => !a.startsWith('--'));
  if (flags.has('--list') || flags.has('--help')) {
    for (const s of SECTIONS) process.stdout.write(`${s.name.padEnd(14)} ${s.summary}\n`);
    return 0;
  }
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown section ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = names.length === 0 ? SECTIONS : SECTIONS.filter((s) => names.includes(s.name));
  const quick = flags.has('--quick');
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-chaos-'));
  const started = Date.now();
  process.stdout.write(
    `dutywatch chaos${quick ? ' --quick' : ''}: ${chosen.map((s) => s.name).join(', ')} — node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}\n`,
  );
  const results: SectionResult[] = [];
  for (const section of chosen) {
    const t0 = Date.now();
    let result: SectionResult;
    try {
      const outcome = await section.run({
        quick,
        ...(cycles !== undefined ? { cycles } : {}),
        dir,
        progress: (message) => process.stderr.write(`  … ${message}\n`),
      });
      result = { name: section.name, ...outcome, seconds: (Date.now() - t0) / 1000 };
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result = {
        name: section.name,
        figures: 'did not finish',
        problems: [text],
        seconds: (Date.now() - t0) / 1000,
      };
    }
    results.push(result);
    process.stdout.write(`${resultLine(result)}\n`);
  }
  const failed = results.filter((r) => r.problems.length > 0).length;
  const total = Math.round((Date.now() - started) / 1000);
  process.stdout.write(
    `${failed === 0 ? 'PASS' : 'FAIL'} all: ${results.length - failed}/${results.length} sections passed (${total} s)\n`,
  );
  // A failed run keeps its databases and logs for a post-mortem.
  if (failed === 0 && !flags.has('--keep')) rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`chaos: kept ${dir}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await runChaos(process.argv.slice(2));
