/** Reads one option's value: the fields it sets, or undefined when the value is not one the option takes. */
export type OptionReader<O> = (value: string) => Partial<O> | undefined;

/**
 * A bench's `--key=value` arguments (a bare `--key` reads as the value ''), read through a table of options
 * over `defaults`. An option not in the table, or a value it does not take, stops the bench and names `usage`,
 * so a mistyped option never runs minutes of load with the defaults.
 */
export function readOptions<O extends object>(
  bench: string,
  args: readonly string[],
  defaults: O,
  readers: Readonly<Record<string, OptionReader<O>>>,
  usage: string,
): O {
  const options = { ...defaults };
  for (const arg of args) {
    const [key = '', value = ''] = arg.split('=');
    const fields = Object.hasOwn(readers, key) ? readers[key]?.(value) : undefined;
    if (fields === undefined) throw new Error(`${bench}: unknown option ${arg} (${usage})`);
    Object.assign(options, fields);
  }
  return options;
}

/** An option taking a whole number of at least `min` into `field` (N.5 is cut to N; an empty value reads as 0). */
export function wholeNumber<O>(field: keyof O, min: number): OptionReader<O> {
  return (value) => {
    const n = Math.floor(Number(value));
    return n >= min ? ({ [field]: n } as Partial<O>) : undefined;
  };
}
