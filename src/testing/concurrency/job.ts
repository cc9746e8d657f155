import { z } from 'zod';
import type { ChatEventInput } from '../../model/chat-event.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';
import { MERGING_CONFIG, mergingEvents, overlappingEvents } from './events.js';
import type { ShareSizes } from './ingest.js';

/*
 * What the suite asks a child process to do, passed on its command line as one JSON argument. The
 * child rebuilds the events from it, so no event crosses the process boundary.
 */

const share = {
  worker: z.number().int().nonnegative(),
  workers: z.number().int().positive(),
  callSize: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  /** Epoch ms to wait for, so that children started one after another ingest at the same time. */
  startAt: z.number(),
};

/** One child's work: its share of an event stream, and when to start. */
export const intakeJobSchema = z.discriminatedUnion('stream', [
  z.object({
    stream: z.literal('overlapping'),
    total: z.number().int().positive(),
    perWorker: z.number().int().positive(),
    ...share,
  }),
  z.object({ stream: z.literal('merging'), persons: z.number().int().positive(), ...share }),
]);

/** One child's work: its share of an event stream, and when to start. */
export type IntakeJob = z.infer<typeof intakeJobSchema>;

/** The whole stream a job is a share of, the configuration to ingest it with, and the sizes. */
export function streamOf(job: IntakeJob): {
  readonly events: ChatEventInput[];
  readonly config: WorkspaceConfigInput;
  readonly sizes: ShareSizes;
} {
  const sizes = { callSize: job.callSize, batchSize: job.batchSize };
  return job.stream === 'overlapping'
    ? { events: overlappingEvents(job.total, job.workers, job.perWorker), config: {}, sizes }
    : { events: mergingEvents(job.persons, job.workers), config: MERGING_CONFIG, sizes };
}

/** Reads a job from its command-line argument, saying what was wrong with it. */
export function parseJob(argument: string | undefined): IntakeJob {
  let json: unknown;
  try {
    json = JSON.parse(argument ?? '');
  } catch {
    throw new Error(`runIntakeChild: the last argument is not a job (JSON): ${String(argument)}`);
  }
  const parsed = intakeJobSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`runIntakeChild: the job argument is not valid: ${parsed.error.message}`);
  return parsed.data;
}
