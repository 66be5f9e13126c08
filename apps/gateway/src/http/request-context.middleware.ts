import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId, HTTP_REQUEST_ID_HEADER } from '@app/common';

/**
 * Adopts X-Request-Id (or makes one) and echoes it; handlers read it back with `@RequestId()`
 * and pass it on with every RPC. Installed before the body parser, so even a malformed body
 * gets an answer with a request id.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.setHeader(HTTP_REQUEST_ID_HEADER, acceptRequestId(req.headers[REQUEST_ID_HEADER]));
  next();
}
