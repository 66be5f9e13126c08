import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from './document';

/** `npm run asyncapi [-- --stdout]`: writes the AsyncAPI document of the product's events to asyncapi.json. */
function main(): void {
  // dist/tools/asyncapi -> repo root.
  const root = resolve(__dirname, '..', '..', '..');
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
  const json = `${JSON.stringify(asyncApiDocument(version), null, 2)}\n`;
  if (process.argv.includes('--stdout')) process.stdout.write(json);
  else {
    writeFileSync(resolve(root, 'asyncapi.json'), json);
    console.error(`wrote ${resolve(root, 'asyncapi.json')}`);
  }
}

main();
