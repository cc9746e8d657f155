import type { WebhookEndpoint, WebhookEndpointView } from '../model/webhook.js';

/**
 * An endpoint as it is shown to people and over HTTP: without its secrets (given out once, when made
 * or rotated), with when a rotated-out secret stops signing if a rotation's overlap is running.
 *
 * @example
 * ```ts
 * endpointView(endpoint, now) // { id, url, status, …, previousSecretExpiresAt? }
 * ```
 */
export function endpointView(endpoint: WebhookEndpoint, now: Date): WebhookEndpointView {
  const { secrets, ...rest } = endpoint;
  let until: Date | undefined;
  for (const s of secrets.slice(1)) {
    if (s.expiresAt !== undefined && s.expiresAt > now && (until === undefined || s.expiresAt > until))
      until = s.expiresAt;
  }
  return until === undefined ? rest : { ...rest, previousSecretExpiresAt: until };
}
