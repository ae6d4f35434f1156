/**
 * Writes docs/openapi.json from the code, or with --check fails when the committed file is stale.
 *
 *   npm run openapi          # regenerate docs/openapi.json
 *   npm run check:openapi    # exit 1 if docs/openapi.json differs from what the code generates
 *
 * The app is built in Nest's preview mode: modules and routes are read, no provider is
 * instantiated, so there is no database, no Redis and no port.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppModule } from '../src/app.module';
import { applyGlobalPrefix } from '../src/bootstrap';
import { buildOpenApiDocument, openApiText } from '../src/openapi';

export const OPENAPI_FILE = join(__dirname, '..', 'docs', 'openapi.json');

/** The document's text exactly as docs/openapi.json holds it. */
export async function generateOpenApiText(): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    applyGlobalPrefix(app);
    return openApiText(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

/** The first line where the two texts part, for the failure message. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n  committed: ${x[i] ?? '(end of file)'}\n  generated: ${y[i] ?? '(end of file)'}`;
  }
  return '';
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const file = relative(process.cwd(), OPENAPI_FILE);
  const generated = await generateOpenApiText();
  if (!check) {
    writeFileSync(OPENAPI_FILE, generated);
    console.log(`wrote ${file}`);
    return 0;
  }
  let committed: string;
  try {
    committed = readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    console.error(`${file} is missing: run \`npm run openapi\` and commit it.`);
    return 1;
  }
  if (committed === generated) {
    console.log(`${file} is up to date.`);
    return 0;
  }
  console.error(
    `${file} is out of date: the controllers, DTOs or response schemas changed without it.\n` +
      `Run \`npm run openapi\` and commit the result.\nFirst difference at ${firstDifference(committed, generated)}`,
  );
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
