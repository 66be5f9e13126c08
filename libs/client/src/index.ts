/**
 * The TypeScript client of the recommender's HTTP API, for app backends and tools: generated
 * types (schema.ts, from openapi.json by `npm run client:generate`), openapi-fetch, retries and
 * idempotent swipes. README.md, "Typed client", shows it in use.
 */
export { createRecsysClient, type RecsysClient, type RecsysClientOptions } from './client';
export { type ApiErrorBody, type ApiErrorCode, ok, RecsysApiError } from './errors';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export type { components, operations, paths } from './schema';

import type { components } from './schema';

/** The API's main objects by their names. */
export type Schemas = components['schemas'];
export type User = Schemas['UserResponse'];
export type Interaction = Schemas['InteractionResponse'];
export type Recommendation = Schemas['RecommendationResponse'];
export type Match = Schemas['MatchResponse'];
export { verifyWebhookSignature, type VerifyOptions, type WebhookEnvelope, type WebhookEventType } from './webhooks';
