import type { ChatEventInput } from '../../model/chat-event.js';
import type { WorkspaceConfigInput } from '../../model/workspace-config.js';

/*
 * The event streams of the concurrency suite: identities that overlap across workers, so that workers
 * race on the same people. Every place the suite opens is fresh, so one workspace id serves them all.
 */

/** The workspace every event of the concurrency suite belongs to. */
export const INTAKE_WS = 'intake';

/**
 * `count` message events about `count / (workers × perWorker)` people. Event k goes to worker k % workers
 * and is about person ⌊k / (workers × perWorker)⌋, so every worker sees every person, in the same order,
 * at about the same time: the same new email arrives on several workers at once. Each event also
 * carries a cookie of that worker's device and, for every third person, a phone in varying forms.
 *
 * @example
 * ```ts
 * const events = overlappingEvents(20_000, 4, 25); // 200 people, 4 workers, 25 events each a worker
 * ```
 */
export function overlappingEvents(count: number, workers: number, perWorker = 1): ChatEventInput[] {
  const events: ChatEventInput[] = [];
  for (let k = 0; k < count; k++) {
    const person = Math.floor(k / (workers * perWorker));
    const worker = k % workers;
    const phone =
      person % 3 === 0
        ? { phone: [`+1 415 555 ${1000 + (person % 9000)}`, `(415) 555-${1000 + (person % 9000)}`][k % 2]! }
        : {};
    events.push({
      workspaceId: INTAKE_WS,
      eventId: `evt_${k}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + k * 1000),
      channel: 'web',
      country: 'US',
      type: 'message',
      identities: { email: `Person.${person}@Example.com`, cookie: `ck_${person}_${worker}`, ...phone },
      conversation: { id: `conv_${person}_${worker}` },
      message: { text: `message ${k}` },
    });
  }
  return events;
}

/**
 * Events that make workers race on merges. Each of `persons` people chats anonymously on every worker's
 * device (a cookie-only contact per device), then identifies on every device with the same email at
 * about the same time (the first device's contact gets the email; every other device's contact is
 * merged into it), then writes again from a device another worker identified, so that one worker updates
 * a contact while another merges it away. Worker w ingests the events at k % workers === w, in order.
 * Ingest them with {@link MERGING_CONFIG}.
 *
 * @example
 * ```ts
 * const events = mergingEvents(400, 8); // 400 people, each on 8 devices
 * ```
 */
export function mergingEvents(persons: number, workers: number): ChatEventInput[] {
  const events: ChatEventInput[] = [];
  const at = (k: number) => new Date(Date.UTC(2026, 0, 1) + k * 1000);
  const cookie = (person: number, device: number) => `ck_${person}_${device}`;
  const email = (person: number) => `Person.${person}@Example.com`;
  for (const phase of ['anonymous', 'identify', 'again'] as const) {
    for (let person = 0; person < persons; person++) {
      for (let w = 0; w < workers; w++) {
        const k = events.length;
        const base = { workspaceId: INTAKE_WS, eventId: `evt_${k}`, occurredAt: at(k), channel: 'web' };
        if (phase === 'identify') {
          events.push({
            ...base,
            type: 'identify',
            identities: { cookie: cookie(person, w), email: email(person) },
          });
          continue;
        }
        const device = phase === 'anonymous' ? w : (w + 1) % workers;
        events.push({
          ...base,
          type: 'message',
          identities: { cookie: cookie(person, device) },
          conversation: { id: `conv_${person}_${device}_${phase}` },
          message: { text: `message ${k}` },
        });
      }
    }
  }
  return events;
}

/**
 * The configuration {@link mergingEvents} need: a person uses one cookie per worker, and the default
 * limit of five cookies a contact (Segment's) would refuse the sixth as a conflict instead of merging.
 */
export const MERGING_CONFIG: WorkspaceConfigInput = { identity: { limits: { userId: 1, cookie: 50 } } };

/** The events worker `w` of `workers` ingests: those at k % workers === w, in order. */
export function eventsOfWorker(
  events: readonly ChatEventInput[],
  w: number,
  workers: number,
): ChatEventInput[] {
  return events.filter((_, k) => k % workers === w);
}
