export { type AttemptResult, type AttemptVerdict, attemptVerdict, recordAttempt } from './attempt.js';
export {
  applyAttempts,
  DEFAULT_ENDPOINT_HEALTH,
  type EndpointHealthChange,
  type EndpointHealthPolicy,
  type EndpointHealthPolicyInput,
  EndpointHealthPolicySchema,
} from './endpoint-health.js';
export { checkEndpointUrl, type EndpointUrlOptions, isPrivateAddress } from './endpoint-url.js';
export { endpointView } from './endpoint-view.js';
export { deliveryId, planDeliveries, subscribes } from './fan-out.js';
export { type ReadyDeliveries, readyDeliveries } from './ordering.js';
export {
  DEFAULT_RETRY_POLICY,
  nominalRetryDelayMs,
  type RetryPolicy,
  type RetryPolicyInput,
  RetryPolicySchema,
  type RetryStep,
  retryAfterMs,
  retryDelayMs,
  retrySchedule,
} from './retry-policy.js';
export {
  newWebhookSecret,
  SECRET_PREFIX,
  signatureHeader,
  signingSecrets,
  type WebhookPayload,
  WebhookSecretSchema,
  webhookBody,
  webhookHeaders,
} from './signature.js';
export { type VerifyWebhookOptions, verifyWebhook, type WebhookHeaders } from './verify.js';
