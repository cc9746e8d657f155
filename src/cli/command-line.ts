/** What a command's argument parser gave: its arguments, or the exit code to stop with. */
export type ParsedCommandLine<T> = { readonly args: T } | { readonly exit: number };

/**
 * Runs a command's argument parser the way every command does: bad usage prints the reason and the
 * usage to stderr (exit 2); `--help` (the parser returns null) prints the usage to stdout (exit 0).
 */
export function parseCommandLineOf<T>(
  command: string,
  argv: string[],
  parse: (argv: string[]) => T | null,
  usage: string,
): ParsedCommandLine<T> {
  let args: T | null;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`contactkit ${command}: ${(error as Error).message}\n${usage}`);
    return { exit: 2 };
  }
  if (args === null) {
    process.stdout.write(usage);
    return { exit: 0 };
  }
  return { args };
}
