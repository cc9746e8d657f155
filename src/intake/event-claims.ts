import { type ExtractedClaims, extractClaims, type NormalizedValue } from '../identity/claims.js';
import type { ChatEvent } from '../model/chat-event.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';

/** Identities an event carries, including the email and phone of its profile when not given apart. */
export function eventIdentities(event: ChatEvent): ChatEvent['identities'] {
  const profile = event.profile;
  if (!profile?.email && !profile?.phone) return event.identities;
  const ids = { ...event.identities };
  if (ids.email === undefined && profile.email) ids.email = profile.email;
  if (ids.phone === undefined && profile.phone) ids.phone = profile.phone;
  return ids;
}

/**
 * The claims an event makes, normalized and ranked: what a batch loads by, then decides with. An
 * identify call's identities are the host's, so verified. Pure (the cache changes no result).
 *
 * @example
 * ```ts
 * eventClaims(event, config).claims; // [{ type: 'email', value: 'ana@example.com', … }]
 * ```
 */
export function eventClaims(
  event: ChatEvent,
  config: WorkspaceConfig,
  cache?: Map<string, NormalizedValue | string>,
): ExtractedClaims {
  return extractClaims(eventIdentities(event), config, {
    channel: event.channel,
    country: event.country,
    verified: event.type === 'identify',
    ...(cache ? { cache } : {}),
  });
}
