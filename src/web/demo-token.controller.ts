import { Body, CanActivate, Controller, HttpCode, Injectable, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { createHash } from 'node:crypto';
import { AllowAnonymous } from '../auth/auth.guard';
import { AuthService, shownName } from '../auth/auth.service';
import { badRequest, notFound } from '../common/api-error';
import { EnvConfig } from '../config/config';
import { SiteId } from '../sites/request-site';

export const DEMO_ROLES = ['reader', 'moderator', 'admin'] as const;

export class DemoTokenDto {
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @IsOptional()
  @IsIn(DEMO_ROLES)
  role?: (typeof DEMO_ROLES)[number];
}

/** The same name always signs in as the same demo user. */
export function demoUserId(name: string): string {
  const key = name.trim().toLowerCase();
  const slug = key
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `demo-${slug || 'user'}-${hash}`;
}

/**
 * Runs before body validation, so a deployment without the demo answers 404 whatever is sent.
 * Only `config.demoEnabled` turns it on: the embedded default outside production, or DEMO=on.
 */
@Injectable()
export class DemoEnabledGuard implements CanActivate {
  constructor(private readonly config: EnvConfig) {}
  canActivate(): boolean {
    if (!this.config.demoEnabled) throw notFound('NOT_FOUND', 'Cannot POST /api/v1/demo/token');
    return true;
  }
}

/**
 * "Sign in as" for the demo page and the dashboard: signs a token for any name and role, admin
 * included. It exists only while the demo is enabled (else 404, the answer to an unknown route).
 */
@ApiExcludeController()
@Controller('demo')
@UseGuards(DemoEnabledGuard)
export class DemoTokenController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(200)
  @AllowAnonymous()
  token(@Body() dto: DemoTokenDto, @SiteId() site: string): { token: string; user: { id: string; name: string; role: string } } {
    // The name as every other endpoint will show it: one that shows nothing would sign a token
    // that is refused at the first read or write.
    const name = shownName(dto.name);
    if (name === null) throw badRequest('VALIDATION_FAILED', 'name must have visible characters');
    const role = dto.role ?? 'reader';
    const id = demoUserId(name);
    // Signed with the site's signing secret, so the token holds on the site the demo page shows.
    return { token: this.auth.sign({ sub: id, name, role }, '12h', site), user: { id, name, role } };
  }
}
