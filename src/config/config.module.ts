import { Global, Module } from '@nestjs/common';
import { EnvConfig, loadConfig } from './config';

@Global()
@Module({
  providers: [{ provide: EnvConfig, useFactory: () => loadConfig() }],
  exports: [EnvConfig],
})
export class ConfigModule {}
