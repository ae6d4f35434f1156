import { DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, MigrationExecutor } from 'typeorm';
import { EnvConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { runMigrations } from '../database/migrate';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { SCHEMA } from '../schema';
import { SitesModule } from '../sites/sites.module';
import { TransferModule } from '../transfer/transfer.module';
import { StaffModule } from '../staff/staff.module';
import { CliFailure } from './commands';
import { OperatorService } from './operator.service';

/** The ambient providers the feature modules expect (the service's ConfigModule and DatabaseModule), from what the command line opened. */
@Global()
@Module({})
class CliAmbientModule {
  static with(config: EnvConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CliAmbientModule,
      providers: [
        { provide: EnvConfig, useValue: config },
        { provide: DataSource, useValue: dataSource },
      ],
      exports: [EnvConfig, DataSource],
    };
  }
}

/**
 * The command line's composition: the service's own modules for sites, staff, the moderation log and imports.
 * Nothing listens: no HTTP server, sockets or Redis relay.
 */
@Module({})
class CliModule {
  static with(config: EnvConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CliModule,
      imports: [CliAmbientModule.with(config, dataSource), SitesModule, StaffModule, ModerationLogModule, TransferModule],
      providers: [OperatorService],
    };
  }
}

/** `parley migrate`: the pending migrations applied (under the service's advisory lock), by name. */
export async function migrate(config: EnvConfig): Promise<string[]> {
  const db = await open(config, true);
  try {
    return await runMigrations(db.dataSource);
  } finally {
    await db.close();
  }
}

/**
 * Runs `fn` with the operator's services on the configured database, then closes everything.
 * A database with pending migrations is refused: the command would meet a schema it does not know.
 */
export async function withOperator<T>(config: EnvConfig, fn: (op: OperatorService) => Promise<T>): Promise<T> {
  const db = await open(config, false);
  try {
    const pending = await new MigrationExecutor(db.dataSource).getPendingMigrations();
    if (pending.length) {
      throw new CliFailure(
        `the database has ${pending.length} pending migration${pending.length > 1 ? 's' : ''} (${pending.map((m) => m.name).join(', ')}): run \`parley migrate\` first`,
      );
    }
    const app = await NestFactory.createApplicationContext(CliModule.with(config, db.dataSource), { logger: ['error'], abortOnError: false });
    try {
      return await fn(app.get(OperatorService));
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

async function open(config: EnvConfig, forMigrations: boolean) {
  try {
    return await openDatabase(config, SCHEMA, { unbounded: forMigrations });
  } catch (err) {
    const where = config.embedded ? `the embedded database in ${config.PARLEY_DATA_DIR}` : 'the database at DATABASE_URL';
    throw new CliFailure(`cannot open ${where}: ${(err as Error).message || String(err)}`);
  }
}
