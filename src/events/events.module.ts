import { Module } from '@nestjs/common';
import { EventsRepository } from './events.repository';
import { LiveBus } from './live-bus';
import { TxService } from './tx.service';

/** Transactions with their stored events, and the in-process bus that hands them to the live layer. */
@Module({ providers: [LiveBus, TxService, EventsRepository], exports: [LiveBus, TxService, EventsRepository] })
export class EventsModule {}
