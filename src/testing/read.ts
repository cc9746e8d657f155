import type { DomainEvent } from '../model/domain-event.js';
import { domainEventOf } from '../model/log-entry.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/** The events published about a contact, oldest first: what webhook receivers were told about it. */
export async function eventsAbout(tx: WorkspaceTransaction, contactId: string): Promise<DomainEvent[]> {
  return (await tx.log.entriesOf(contactId)).flatMap((e) => domainEventOf(e) ?? []);
}
