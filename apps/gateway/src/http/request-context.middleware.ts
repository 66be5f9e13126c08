import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId, runWithRequestId } from '@app/common';

/**
 * Adopts X-Request-Id (or makes one), echoes it, and runs the request in its context. Installed
 * before the body parser, so even a malformed body gets an answer with a request id.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
  res.setHeader('X-Request-Id', requestId);
  runWithRequestId(requestId, next);
}
