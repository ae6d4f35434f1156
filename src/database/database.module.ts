import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnvConfig } from '../config/config';
import { openDatabase, OpenDatabase } from './data-source';
import { runMigrations } from './migrate';

export const OPEN_DATABASE = Symbol('OPEN_DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: OPEN_DATABASE,
      inject: [EnvConfig],
      useFactory: async (config: EnvConfig) => {
        const db = await openDatabase(config);
        await runMigrations(db.dataSource);
        return db;
      },
    },
    { provide: DataSource, inject: [OPEN_DATABASE], useFactory: (db: OpenDatabase) => db.dataSource },
  ],
  exports: [DataSource, OPEN_DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
