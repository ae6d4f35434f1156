import { DataSource, DataSourceOptions } from 'typeorm';
import { EnvConfig } from '../config/config';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded';

/** Entities and migrations, given by the composition root (src/schema.ts) so this layer imports no feature. */
export interface Schema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

export interface OpenDatabase {
  dataSource: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL means PostgreSQL; without it, embedded PGlite under PARLEY_DATA_DIR. */
export async function openDatabase(config: EnvConfig, schema: Schema): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDatabase(config.PARLEY_DATA_DIR);
    url = embedded.url;
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: embedded ? { max: 1 } : { max: 20, statement_timeout: 15000 },
  });
  await dataSource.initialize();
  return {
    dataSource,
    embedded: !!embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.close();
    },
  };
}
