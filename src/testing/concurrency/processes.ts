import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { ShareReport } from './ingest.js';
import type { IntakeJob } from './job.js';

const execFileAsync = promisify(execFile);

/**
 * The command that starts your child script (see `runIntakeChild`): the executable, then its first
 * arguments. The suite appends the place and the job.
 */
export type ChildCommand = readonly [command: string, ...args: string[]];

function argsOf(command: ChildCommand, place: string, job: IntakeJob): string[] {
  return [...command.slice(1), place, JSON.stringify(job)];
}

/** Runs a child on `job` to its end and returns the report it printed last. */
export async function runChild(
  command: ChildCommand,
  place: string,
  job: IntakeJob,
  timeoutMs: number,
): Promise<ShareReport> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(command[0], argsOf(command, place, job), {
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    throw new Error(`the child on ${place} failed: ${e.message ?? String(error)}\n${e.stderr ?? ''}`);
  }
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as ShareReport;
  } catch {
    throw new Error(
      `the child on ${place} printed no report (is its script calling runIntakeChild?):\n${stdout}`,
    );
  }
}

/** Starts a child on `job` without waiting for it, its output discarded: the one the suite kills. */
export function spawnChild(command: ChildCommand, place: string, job: IntakeJob): ChildProcess {
  return spawn(command[0], argsOf(command, place, job), { stdio: 'ignore' });
}
