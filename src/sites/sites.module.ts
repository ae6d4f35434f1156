import { Module } from '@nestjs/common';
import { SitesRepository } from './sites.repository';
import { SitesService } from './sites.service';

/** The registry of sites: what a request's `site` names, its origins and the keys of its readers' tokens. */
@Module({
  providers: [SitesRepository, SitesService],
  exports: [SitesService],
})
export class SitesModule {}
