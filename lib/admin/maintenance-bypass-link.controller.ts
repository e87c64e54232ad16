import { Get, HttpException, HttpStatus, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { AttemptLimiter } from '../bypass/attempt-limiter';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';

/** Failed attempts allowed per client and window before it gets 429s. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * `GET <adminPath>/bypass/:secret`: the bypass link for browsers. A wrong or unconfigured secret answers
 * 404 (the link gives nothing away); too many wrong ones from a client answer 429. Not in the OpenAPI
 * document: its path is a credential.
 */
@ApiExcludeController()
@BypassMaintenance()
export class MaintenanceBypassLinkController {
  private readonly limiter = new AttemptLimiter(MAX_FAILURES, FAILURE_WINDOW_MS);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  @Get('bypass/:secret')
  enter(@Param('secret') secret: string, @Req() request: AdapterRequest, @Res() response: unknown): void {
    const link = this.options.bypassLink;
    if (!link) throw new NotFoundException();
    const client = this.options.clientIp(request) ?? 'unknown';
    if (!this.limiter.allowed(client)) {
      throw new HttpException('Too many wrong bypass links from this address; try again later.', HttpStatus.TOO_MANY_REQUESTS);
    }
    if (!link.matchesSecret(secret)) {
      this.limiter.fail(client);
      throw new NotFoundException();
    }
    const secure = this.options.isHttps(request) ? '; Secure' : '';
    const cookie = `${link.cookie.name}=${link.cookie.issue()}; Max-Age=${link.cookie.maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure}`;
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Set-Cookie', cookie);
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.redirect(response, HttpStatus.FOUND, link.redirectTo);
  }
}
