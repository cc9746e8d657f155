/**
 * The `contactkit` command. Each subcommand lives in ./commands/<name>.ts and exports a `run(argv)` that
 * returns the process exit code: 0 success, 1 the job failed (each command says what it wrote), 2 bad usage.
 */
const COMMANDS: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  dedupe: () => import('./commands/dedupe.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  relay: () => import('./commands/relay.js'),
  serve: () => import('./commands/serve.js'),
};

const USAGE = `usage: contactkit <command> [options]

commands:
  dedupe <input.csv> --id-column <col> [--config <match.json>] [--exclude-columns a,b] --out <clusters.csv>
  import <file.csv> [--db PATH] [--workspace ID] [--dry-run] [--errors out.csv] [--map "Header=field" …] [--json]
  export --out PATH [--db PATH] [--workspace ID] [--format csv|json|ndjson|xlsx] [--columns …] [--preset hubspot|mailchimp|klaviyo] [--bom] [--json]
  relay [--db PATH | --pg URL [--schema NAME]] [--concurrency N] [--timeout-ms MS] [--once] [--json]
  serve [--db FILE | --pg URL] [--port 8080] [--host 127.0.0.1] [--insecure-dev]
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  // Own commands only: `contactkit constructor` is an unknown command, not Object.
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`contactkit: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}
