import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId, HTTP_REQUEST_ID_HEADER } from '@app/common';
import type { GatewayConfig } from '../gateway.config';
import type { TokenVerifier } from '../auth/token-verifier';
import { type AuthFailureLimiter, authFailureRefusal } from '../rate-limits/auth-failures';
import { parseJsonBody } from './json-body';
import { trustProxy } from './trust-proxy';

/** The largest request body read: a batch of 1,000 records fits. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The gateway's HTTP platform: Fastify under Nest, measured faster than Express on every route
 * (docs/decisions/0020-fastify-under-the-gateway.md). Routes match with or without a trailing
 * slash, as they did on Express; a hop count in TRUST_PROXY becomes Fastify's form of it.
 */
export function fastifyAdapter(config: GatewayConfig): FastifyAdapter {
  const trusted = trustProxy(config.TRUST_PROXY);
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: typeof trusted === 'number' ? (_address: string, hop: number) => hop < trusted : trusted,
    // Under routerOptions: read at the top level, Fastify 5 warns it is deprecated.
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/**
 * What runs before a handler, in Fastify's order (each `onRequest` hook before the body is read):
 * the request id (adopted from X-Request-Id or made, echoed on every answer, errors included);
 * the refusal of an address over its failed-authentication limit (429, its body never read);
 * then the body: JSON read as Express's body parser read it (json-body.ts), any other type as no
 * body, so the DTO's validation names the missing fields. A failure anywhere goes to Nest's
 * exception layer, so the error filter shapes it.
 */
export function prepareFastify(
  nest: INestApplication,
  refusal: { limiter: AuthFailureLimiter; tokens: TokenVerifier } | null,
): void {
  const app = nest as NestFastifyApplication;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.header(HTTP_REQUEST_ID_HEADER, acceptRequestId(req.headers[REQUEST_ID_HEADER]));
    done();
  });
  if (refusal)
    fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const refused = await authFailureRefusal(req, refusal.limiter, refusal.tokens);
      if (!refused) return;
      // Closed rather than drained: a refused client's body is not worth reading.
      reply.header('Retry-After', String(refused.retryAfter)).header('Connection', 'close');
      throw refused.error;
    });
  // Through `done`: Nest completes a parser that returns a value (not a promise) only that way.
  app.useBodyParser(
    'application/json',
    { bodyLimit: BODY_LIMIT_BYTES },
    (_req: unknown, body: Buffer, done: (err: Error | null, parsed?: unknown) => void) => {
      let parsed: unknown;
      try {
        parsed = parseJsonBody(body);
      } catch (err) {
        return done(err as Error);
      }
      done(null, parsed);
    },
  );
  fastify.addContentTypeParser('*', (_req: FastifyRequest, _payload: unknown, done: (err: null) => void) => done(null));
}
