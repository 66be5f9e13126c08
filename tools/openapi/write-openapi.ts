import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHttpApp, JsonLogger, loadConfig } from '@app/common';
import { buildOpenApi } from '../../apps/gateway/src/docs/setup-docs';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';

/** Recursively sorts object keys, so the written spec is stable and diffs are readable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `npm run openapi [-- --stdout]`: writes the gateway's OpenAPI document to openapi.json. */
async function main(): Promise<void> {
  // dist/tools/openapi -> repo root. The document depends on code only; the gateway needs some JWT secret to build, and
  // this one never signs or checks a token (nothing is connected).
  const config = loadConfig(GatewayConfig, {
    ...process.env,
    JWT_SECRET: 'openapi-generation-only-0123456789abcdef',
    // One key only: a public key in the environment would make the settings ambiguous.
    JWT_PUBLIC_KEY: '',
    JWT_PUBLIC_KEY_FILE: '',
  });
  const app = await createHttpApp(gatewayApp, config, new JsonLogger('openapi', 'ERROR'));
  const json = `${JSON.stringify(sortKeys(buildOpenApi(app)), null, 2)}\n`;
  await app.close();
  if (process.argv.includes('--stdout')) process.stdout.write(json);
  else {
    const out = resolve(__dirname, '..', '..', '..', 'openapi.json');
    writeFileSync(out, json);
    console.error(`wrote ${out}`);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
