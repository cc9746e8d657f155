/**
 * `npm run demo`: contactkit's whole story on a bundled sample, in seconds. The same as the
 * `contactkit demo` command; the story is examples/demo/story.ts and the sample examples/demo/sample.ts
 * (generated from a seed, so it is the same on every machine).
 *
 * `npm run demo -- --db demo.db` keeps the store to explore: `contactkit show ana.lima@example.com --db demo.db`.
 */
import { run } from '../src/cli/commands/demo.js';

process.exitCode = await run(process.argv.slice(2));
