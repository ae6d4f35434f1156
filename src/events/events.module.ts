import { Global, Module } from '@nestjs/common';
import { LiveBus } from './live-bus';
import { TxService } from './tx.service';

@Global()
@Module({ providers: [LiveBus, TxService], exports: [LiveBus, TxService] })
export class EventsModule {}
