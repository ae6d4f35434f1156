import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnvConfig } from '../config/config';
import { openDatabase, OpenDatabase, Schema } from './data-source';
import { runMigrations } from './migrate';

export const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/** Ambient: every repository needs the DataSource, so it is global; the schema comes from the root. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}

  static forRoot(schema: Schema): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: OPEN_DATABASE,
          inject: [EnvConfig],
          useFactory: async (config: EnvConfig) => {
            if (config.embedded) {
              const db = await openDatabase(config, schema);
              await runMigrations(db.dataSource);
              return db;
            }
            // Migrations may wait on another instance's lock and run long statements: on a
            // connection of their own, without the service's timeouts.
            const migrator = await openDatabase(config, schema, { unbounded: true });
            try {
              await runMigrations(migrator.dataSource);
            } finally {
              await migrator.close();
            }
            return openDatabase(config, schema);
          },
        },
        { provide: DataSource, inject: [OPEN_DATABASE], useFactory: (db: OpenDatabase) => db.dataSource },
      ],
      exports: [DataSource, OPEN_DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
