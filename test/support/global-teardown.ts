import { dropDatabases } from './pg';

export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DBS) return;
  await dropDatabases('mine');
}
