import { Controller, Get, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DependencyHealthSchema, HealthReport, HealthSchema } from './health.schema';
import { HealthService } from './health.service';

@ApiTags('health')
@ApiExtraModels(DependencyHealthSchema)
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Each dependency with its state; 200 while the service can serve, 503 when the database is down' })
  @ApiOkResponse({ type: HealthSchema, description: 'status ok, or degraded when Redis or the toxicity scorer is down' })
  @ApiServiceUnavailableResponse({ type: HealthSchema, description: 'status error: the database is down' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    reply.status(report.status === 'error' ? 503 : 200).header('Cache-Control', 'no-store');
    return report;
  }
}
