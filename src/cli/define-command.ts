import { type Command, parseOptions } from './args.js';

type OptionTable = Parameters<typeof parseOptions>[2];

/** What `parseOptions` gives for a command's option table: the values, and the positionals if it takes any. */
export type ParsedOptions<T extends OptionTable> = ReturnType<typeof parseOptions<T>>;

/** A command as written: its options, and what it does once they are parsed. */
export type CommandSpec<T extends OptionTable> = {
  name: string;
  summary: string;
  help: string;
  options: T;
  allowPositionals?: boolean;
  run(parsed: ParsedOptions<T>): Promise<number>;
};

/**
 * A command whose options are parsed, and whose `--help` is answered (exit 0), before its own code runs: every
 * command treats a bad option and `--help` the same way, so none has to repeat it.
 */
export function defineCommand<T extends OptionTable>(spec: CommandSpec<T>): Command {
  return {
    summary: spec.summary,
    help: spec.help,
    async run(argv) {
      const parsed = parseOptions(spec.name, argv, spec.options, spec.allowPositionals);
      // Every table gets `help` from parseOptions, which a generic table's type cannot show.
      if ((parsed.values as { help?: boolean }).help) {
        process.stdout.write(`${spec.help}\n`);
        return 0;
      }
      return spec.run(parsed);
    },
  };
}
