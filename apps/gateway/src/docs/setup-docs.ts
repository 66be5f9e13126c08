import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The OpenAPI document of the gateway (also written to openapi.json by `npm run openapi`). */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Two-sided recommender API')
    .setDescription(
      'The recommendation backend for dating apps: profiles, swipes, matches and (soon) two-sided recommendations. ' +
        'Every endpoint except health needs a bearer JWT (HS256): `sub` is the user id, `role` is `user` or `admin` (the app backend).',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

const REDOC_HTML = `<!DOCTYPE html>
<html><head><title>Two-sided recommender API - ReDoc</title><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/docs-json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

/** Swagger UI at /docs (JSON at /docs-json), ReDoc at /redoc, both served locally (no CDN). */
export function setupDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  const redocBundle = readFileSync(
    join(require.resolve('redoc/package.json'), '..', 'bundles', 'redoc.standalone.js'),
    'utf8',
  );
  const http = app.getHttpAdapter();
  const page = (type: string, body: string) => (_req: unknown, res: unknown) => {
    http.setHeader(res, 'Content-Type', type);
    http.reply(res, body, 200);
  };
  http.get('/redoc', page('text/html; charset=utf-8', REDOC_HTML));
  http.get('/redoc/redoc.standalone.js', page('application/javascript; charset=utf-8', redocBundle));
}
