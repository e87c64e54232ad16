import {
  ArgumentsHost,
  BadRequestException,
  Body,
  CanActivate,
  Catch,
  ExceptionFilter,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { MaintenanceScopeRegistry } from '../enforcement/maintenance-scope.registry';
import { MaintenanceService } from '../windows/maintenance.service';
import { MaintenanceActionName, actorContextOf } from '../admin/maintenance-admin.decorators';
import { MAINTENANCE_ACTOR_PROPERTY, MaintenanceAdminGuard } from '../admin/maintenance-admin.guard';
import { inputProblems } from '../admin/maintenance-admin-input.guard';
import { CreateWindowDto } from '../admin/dto/create-window.dto';
import { RejectWindowDto, ApproveWindowDto, CancelWindowDto } from '../admin/dto/decision.dto';
import { ToggleMaintenanceDto } from '../admin/dto/toggle.dto';
import { ListAuditQueryDto, ListWindowsQueryDto } from '../admin/dto/list-queries.dto';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';
import { ConsolePage, renderConsolePage } from './console-layout';
import { auditListView, errorView, overviewView, requestFormView, toggleConfirmView, toggleFormView, windowDetailView, windowsListView } from './console-views';
import { csrfCookieHeader, csrfCookieOf, csrfProblem, newCsrfToken } from './console-csrf';
import { field, fieldsOf, instantOf, lines } from './console-form';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MaintenanceWebhookStore } from '../persistence/maintenance-webhook.store';
import { MaintenanceWebhookStatus, webhookStatuses } from '../webhooks/webhook-status';
import { fleetView, webhooksView } from './console-fleet-views';

/** Served with every console page: no script or style from anywhere but the console itself, no framing. */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  ],
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
];

/** What a redirect after a successful action says on the next page (fixed texts: no user input is reflected). */
const FLASHES: Readonly<Record<string, string>> = {
  requested: 'Window requested. Someone else must approve it.',
  approved: 'Window approved.',
  rejected: 'Window rejected.',
  cancelled: 'Window cancelled.',
  extended: 'Window changed.',
  toggled: 'Maintenance switched.',
};

const REQUEST_FIELDS = [
  'mode',
  'reason',
  'message',
  'starts',
  'ends',
  'tz',
  'scope',
  'exemptIps',
  'exemptPaths',
  'rrule',
  'timeZone',
  'durationMinutes',
] as const;
const TOGGLE_FIELDS = ['mode', 'reason', 'message', 'minutes', 'scope'] as const;

/** The console's own 404 when `console: false` (the option can come from `forRootAsync`, so the routes are mounted). */
@Injectable()
export class MaintenanceConsoleAccessGuard implements CanActivate {
  constructor(@Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions) {}

  canActivate(): boolean {
    if (!this.options.console) throw new NotFoundException();
    return true;
  }
}

/** Errors of console routes (a refusal of the admin guard included) as a console page, not JSON. */
@Catch(HttpException)
export class MaintenanceConsoleErrorsFilter implements ExceptionFilter<HttpException> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AdapterRequest & Record<symbol, unknown>>();
    const response = host.switchToHttp().getResponse<unknown>();
    const status = exception.getStatus();
    const base = consoleBase(request);
    const message = messageOf(exception);
    const named = request[MAINTENANCE_ACTOR_PROPERTY];
    const actor = typeof named === 'string' ? named : null;
    sendHtml(
      this.adapterHost,
      response,
      status,
      renderConsolePage({ title: `${status}`, base, actor, active: null, body: errorView(status, message, base), status }),
    );
  }
}

/**
 * The admin console (`<adminPath>/console`): the whole workflow of the admin API in the browser, for the people
 * who approve tonight's window without Swagger or a shell. Server-rendered, no script needed; every action goes
 * through `admin.authorize(req, action)` and `admin.actor(req)` and the same service calls as the API (same rules,
 * audit entries and events). Forms carry a double-submit token and must come from the same site.
 */
@ApiExcludeController()
@BypassMaintenance()
@UseGuards(MaintenanceConsoleAccessGuard, MaintenanceAdminGuard)
@UseFilters(MaintenanceConsoleErrorsFilter)
export class MaintenanceConsoleController {
  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly scopes: MaintenanceScopeRegistry,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
    private readonly webhookStore: MaintenanceWebhookStore,
  ) {}

  @Get('console/assets/console.css')
  css(@Res() response: unknown): void {
    this.asset(response, 'text/css; charset=utf-8', CONSOLE_CSS);
  }

  @Get('console/assets/console.js')
  js(@Res() response: unknown): void {
    this.asset(response, 'text/javascript; charset=utf-8', CONSOLE_JS);
  }

  @Get('console')
  @MaintenanceActionName('read')
  async overview(@Req() request: ConsoleRequest, @Res() response: unknown, @Query('flash') flash?: string): Promise<void> {
    const base = consoleBase(request);
    const [fleet, webhooks] = await Promise.all([
      this.options.fleet ? this.maintenance.fleetStatus().catch((error: Error) => `The instances cannot be read: ${error.message}`) : Promise.resolve(null),
      this.webhookStatuses(),
    ]);
    const body = `${overviewView(this.maintenance.getState(), base)}\n${fleet === null ? '' : fleetView(fleet)}\n${webhooksView(webhooks)}`;
    this.page(request, response, HttpStatus.OK, { title: 'Overview', active: 'overview', body }, flash);
  }

  /** The app's webhooks as `GET <adminPath>/webhooks` shows them, or why they cannot be read. */
  private async webhookStatuses(): Promise<MaintenanceWebhookStatus[] | string> {
    const configured = new Map((this.options.notify?.webhooks ?? []).map((webhook) => [webhook.name, [...webhook.events]]));
    if (configured.size === 0) return [];
    try {
      return (await webhookStatuses(this.webhookStore, (name) => configured.get(name) ?? [])).filter((status) => configured.has(status.name));
    } catch (error) {
      return `The webhook deliveries cannot be read: ${(error as Error).message}`;
    }
  }

  @Get('console/windows')
  @MaintenanceActionName('read')
  async windows(@Req() request: ConsoleRequest, @Res() response: unknown, @Query() query: Record<string, unknown>): Promise<void> {
    const filters = fieldsOf(query, ['status', 'mode', 'scope', 'cursor']);
    const shaped = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
    const problems = [...notSingleValues(query, Object.keys(filters)), ...inputProblems(ListWindowsQueryDto, shaped, 'query string')];
    if (problems.length > 0) throw new BadRequestException(problems);
    const page = await this.maintenance.listWindows({
      status: shaped.status as never,
      mode: shaped.mode as MaintenanceMode | undefined,
      scope: shaped.scope,
      cursor: shaped.cursor,
      limit: 50,
    });
    this.page(request, response, HttpStatus.OK, { title: 'Windows', active: 'windows', body: windowsListView(page, filters, consoleBase(request)) });
  }

  @Get('console/windows/new')
  @MaintenanceActionName('request')
  requestForm(@Req() request: ConsoleRequest, @Res() response: unknown): void {
    const csrf = this.csrf(request, response);
    const values = { mode: 'read-only', tz: 'UTC' };
    this.page(request, response, HttpStatus.OK, {
      title: 'Request a window',
      active: 'request',
      body: requestFormView(values, [], { base: consoleBase(request), csrf, scopes: this.scopes.names() }),
    });
  }

  @Post('console/windows')
  @MaintenanceActionName('request')
  async request(@Req() request: ConsoleRequest, @Res() response: unknown, @Body() body: unknown): Promise<void> {
    const base = consoleBase(request);
    this.checkForm(request, body);
    const values = fieldsOf(body, REQUEST_FIELDS);
    const ips = lines(values.exemptIps);
    const paths = lines(values.exemptPaths);
    const input: Record<string, unknown> = { mode: values.mode, reason: values.reason };
    if (values.message.trim() !== '') input.message = values.message;
    const startsAt = instantOf(values.starts, values.tz);
    const endsAt = instantOf(values.ends, values.tz);
    if (startsAt !== undefined) input.startsAt = startsAt;
    if (endsAt !== undefined) input.endsAt = endsAt;
    if (values.scope !== '') input.scope = values.scope;
    if (ips.length + paths.length > 0) input.exemptions = { ips, paths };
    const recurring = values.rrule.trim() !== '' || values.timeZone.trim() !== '' || values.durationMinutes.trim() !== '';
    const recurrence = recurring ? { rule: values.rrule.trim(), timeZone: values.timeZone.trim(), durationMinutes: Number(values.durationMinutes) } : undefined;
    if (recurrence) input.recurrence = recurrence;
    const fail = (errors: string[], status = HttpStatus.BAD_REQUEST) =>
      this.page(request, response, status, {
        title: 'Request a window',
        active: 'request',
        body: requestFormView(values, errors, { base, csrf: this.csrf(request, response), scopes: this.scopes.names() }),
      });
    const problems = inputProblems(CreateWindowDto, input, 'form');
    if (problems.length > 0) return fail(problems);
    try {
      const window = await this.maintenance.requestWindow(
        {
          mode: values.mode as MaintenanceMode,
          reason: values.reason,
          message: (input.message as string | undefined) ?? null,
          startsAt: startsAt === undefined ? undefined : new Date(startsAt),
          endsAt: endsAt === undefined ? null : new Date(endsAt),
          scope: (input.scope as string | undefined) ?? null,
          exemptions: input.exemptions as { ips: string[]; paths: string[] } | undefined,
          recurrence,
        },
        this.actor(request),
      );
      this.redirect(response, `${base}/windows/${window.id}?flash=requested`);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) return fail(messagesOf(error), error.getStatus());
      throw error;
    }
  }

  @Get('console/windows/:id')
  @MaintenanceActionName('read')
  async window(
    @Req() request: ConsoleRequest,
    @Res() response: unknown,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('flash') flash?: string,
  ): Promise<void> {
    const text = flashText(flash);
    await this.showWindow(request, response, id, HttpStatus.OK, text ? { kind: 'ok', text } : null);
  }

  @Post('console/windows/:id/approve')
  @MaintenanceActionName('approve')
  approve(@Req() request: ConsoleRequest, @Res() response: unknown, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const comment = field(body, 'comment');
    return this.decide(request, response, id, body, ApproveWindowDto, comment ? { comment } : {}, 'approved', () =>
      this.maintenance.approve(id, { comment: comment || null }, this.actor(request)),
    );
  }

  @Post('console/windows/:id/reject')
  @MaintenanceActionName('reject')
  reject(@Req() request: ConsoleRequest, @Res() response: unknown, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const comment = field(body, 'comment');
    return this.decide(request, response, id, body, RejectWindowDto, { comment }, 'rejected', () =>
      this.maintenance.reject(id, { comment }, this.actor(request)),
    );
  }

  @Post('console/windows/:id/cancel')
  @MaintenanceActionName('cancel')
  cancel(@Req() request: ConsoleRequest, @Res() response: unknown, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const reason = field(body, 'reason');
    const occurrence = field(body, 'occurrence');
    const input = { ...(reason ? { reason } : {}), ...(occurrence ? { occurrence } : {}) };
    return this.decide(request, response, id, body, CancelWindowDto, input, 'cancelled', () =>
      this.maintenance.cancel(id, { reason: reason || null, occurrence: occurrence ? new Date(occurrence) : undefined }, this.actor(request)),
    );
  }

  @Post('console/windows/:id/edit')
  @MaintenanceActionName('request')
  edit(@Req() request: ConsoleRequest, @Res() response: unknown, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const message = field(body, 'message');
    const mode = field(body, 'mode');
    const startsAt = instantOf(field(body, 'starts'), field(body, 'tz'));
    return this.decide(request, response, id, body, null, {}, 'extended', async () => {
      const current = await this.maintenance.getWindow(id);
      if (startsAt !== undefined && Number.isNaN(Date.parse(startsAt))) throw new BadRequestException(['startsAt must be a date and time']);
      if (mode !== '' && mode !== 'full' && mode !== 'read-only') throw new BadRequestException(['mode must be one of the following values: full, read-only']);
      // Only what changed: an unchanged mode must not send an approved window back for approval.
      return this.maintenance.updateWindow(
        id,
        {
          message: message.trim() === '' ? null : message,
          mode: mode !== '' && mode !== current.mode ? mode : undefined,
          startsAt: startsAt === undefined ? undefined : new Date(startsAt),
        },
        this.actor(request),
      );
    });
  }

  @Post('console/windows/:id/extend')
  @MaintenanceActionName('request')
  extend(@Req() request: ConsoleRequest, @Res() response: unknown, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const endsAt = instantOf(field(body, 'ends'), field(body, 'tz'));
    return this.decide(request, response, id, body, null, {}, 'extended', async () => {
      if (endsAt === undefined || Number.isNaN(Date.parse(endsAt))) throw new BadRequestException(['endsAt must be a date and time']);
      return this.maintenance.updateWindow(id, { endsAt: new Date(endsAt) }, this.actor(request));
    });
  }

  @Get('console/toggle')
  @MaintenanceActionName('toggle')
  toggleForm(@Req() request: ConsoleRequest, @Res() response: unknown): void {
    const csrf = this.csrf(request, response);
    this.page(request, response, HttpStatus.OK, {
      title: 'Emergency toggle',
      active: 'toggle',
      body: toggleFormView({ mode: 'full' }, [], { base: consoleBase(request), csrf, scopes: this.scopes.names() }),
    });
  }

  @Post('console/toggle')
  @MaintenanceActionName('toggle')
  async toggle(@Req() request: ConsoleRequest, @Res() response: unknown, @Body() body: unknown): Promise<void> {
    const base = consoleBase(request);
    this.checkForm(request, body);
    const values = fieldsOf(body, TOGGLE_FIELDS);
    const csrf = this.csrf(request, response);
    const ctx = { base, csrf, scopes: this.scopes.names() };
    const input: Record<string, unknown> = { mode: values.mode, reason: values.reason };
    if (values.message.trim() !== '') input.message = values.message;
    if (values.scope !== '') input.scope = values.scope;
    const problems = inputProblems(ToggleMaintenanceDto, input, 'form');
    const minutes = values.minutes.trim() === '' ? null : Number(values.minutes);
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 10_080)) problems.push('minutes must be a whole number from 1 to 10080');
    const fail = (errors: string[], status = HttpStatus.BAD_REQUEST) =>
      this.page(request, response, status, { title: 'Emergency toggle', active: 'toggle', body: toggleFormView(values, errors, ctx) });
    if (problems.length > 0) return fail(problems);
    // The emergency toggle acts at once, without approval: a second, explicit step first.
    if (field(body, 'confirm') !== 'yes') {
      return this.page(request, response, HttpStatus.OK, { title: 'Confirm the emergency toggle', active: 'toggle', body: toggleConfirmView(values, ctx) });
    }
    try {
      await this.maintenance.toggle(
        {
          mode: values.mode as MaintenanceMode | 'off',
          reason: values.reason,
          message: (input.message as string | undefined) ?? null,
          endsAt: minutes === null ? null : new Date(Date.now() + minutes * 60_000),
          scope: (input.scope as string | undefined) ?? null,
        },
        this.actor(request),
      );
      this.redirect(response, `${base}?flash=toggled`);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) return fail(messagesOf(error), error.getStatus());
      throw error;
    }
  }

  @Get('console/audit')
  @MaintenanceActionName('audit')
  async audit(@Req() request: ConsoleRequest, @Res() response: unknown, @Query() query: Record<string, unknown>): Promise<void> {
    const filters = fieldsOf(query, ['action', 'actor', 'windowId', 'cursor']);
    const shaped = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
    const problems = [...notSingleValues(query, Object.keys(filters)), ...inputProblems(ListAuditQueryDto, shaped, 'query string')];
    if (problems.length > 0) throw new BadRequestException(problems);
    const [page, verification] = await Promise.all([
      this.maintenance.listAudit({
        action: shaped.action as never,
        actor: shaped.actor,
        windowId: shaped.windowId,
        beforeId: shaped.cursor === undefined ? undefined : Number(shaped.cursor),
        limit: 50,
      }),
      this.maintenance.verifyAudit(),
    ]);
    this.page(request, response, HttpStatus.OK, {
      title: 'Audit log',
      active: 'audit',
      body: auditListView(page, filters, verification, consoleBase(request)),
    });
  }

  /** A decision on a window from its page: the API's rules and messages; back to the page, with what happened. */
  private async decide(
    request: ConsoleRequest,
    response: unknown,
    id: string,
    body: unknown,
    dto: (new () => object) | null,
    input: Record<string, unknown>,
    done: keyof typeof FLASHES,
    act: () => Promise<unknown>,
  ): Promise<void> {
    this.checkForm(request, body);
    const problems = dto ? inputProblems(dto, input, 'form') : [];
    try {
      if (problems.length > 0) throw new BadRequestException(problems);
      await act();
    } catch (error) {
      const status = error instanceof HttpException ? error.getStatus() : 500;
      if (error instanceof HttpException && status < 500 && status !== 404) {
        return this.showWindow(request, response, id, status, { kind: 'error', text: messagesOf(error).join(' ') });
      }
      throw error;
    }
    this.redirect(response, `${consoleBase(request)}/windows/${id}?flash=${done}`);
  }

  private async showWindow(request: ConsoleRequest, response: unknown, id: string, status: number, flash: ConsolePage['flash']): Promise<void> {
    const [window, history] = await Promise.all([this.maintenance.getWindow(id), this.maintenance.listAudit({ windowId: id, limit: 200 })]);
    const csrf = this.csrf(request, response);
    const body = windowDetailView(window, [...history.items].reverse(), {
      base: consoleBase(request),
      csrf,
      actor: this.actor(request).actor,
      approvalsRequired: this.options.approvalsRequired,
      allowSelfApproval: this.options.allowSelfApproval,
      now: Date.now(),
    });
    this.page(request, response, status, { title: `Window ${window.id.slice(0, 8)}`, active: 'windows', body, flash: flash?.text ? flash : null });
  }

  /** Refuses (403) a form that may have been forged on another site. */
  private checkForm(request: ConsoleRequest, body: unknown): void {
    const problem = csrfProblem(request, field(body, '_csrf'));
    if (problem) throw new HttpException(`This form was refused: ${problem}. Reload the page and try again.`, HttpStatus.FORBIDDEN);
  }

  /** The request's anti-forgery token, set as a cookie first when it has none. */
  private csrf(request: ConsoleRequest, response: unknown): string {
    const token = (request[CSRF_TOKEN] as string | undefined) ?? csrfCookieOf(request);
    if (token) return (request[CSRF_TOKEN] = token);
    const fresh = newCsrfToken();
    request[CSRF_TOKEN] = fresh;
    this.adapterHost.httpAdapter.setHeader(response, 'Set-Cookie', csrfCookieHeader(fresh, consoleBase(request), this.options.isHttps(request)));
    return fresh;
  }

  private actor(request: ConsoleRequest): MaintenanceActorContext {
    return { ...actorContextOf(request, this.options), source: 'console' };
  }

  private page(
    request: ConsoleRequest,
    response: unknown,
    status: number,
    page: Pick<ConsolePage, 'title' | 'active' | 'body'> & { flash?: ConsolePage['flash'] },
    flash?: string,
  ): void {
    const text = flashText(flash);
    const shown = page.flash ?? (text ? { kind: 'ok' as const, text } : null);
    const html = renderConsolePage({ ...page, flash: shown, base: consoleBase(request), actor: this.actor(request).actor ?? null, status });
    sendHtml(this.adapterHost, response, status, html);
  }

  private redirect(response: unknown, url: string): void {
    // 303: the browser follows with a GET, so reloading the page never sends the form again.
    this.adapterHost.httpAdapter.redirect(response, HttpStatus.SEE_OTHER, url);
  }

  private asset(response: unknown, type: string, content: string): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Content-Type', type);
    adapter.setHeader(response, 'Cache-Control', 'no-cache');
    adapter.setHeader(response, 'X-Content-Type-Options', 'nosniff');
    adapter.reply(response, content, HttpStatus.OK);
  }
}

/** Where the token of this request is kept once known (a request renders at most one page). */
const CSRF_TOKEN = Symbol('maintenanceConsoleCsrf');

type ConsoleRequest = AdapterRequest & Record<symbol, unknown> & { url?: string; originalUrl?: string };

/**
 * The console's own URL path, from the request (`/api/v1/maintenance/console` behind a global prefix or a version):
 * everything up to and including its `/console` segment.
 */
export function consoleBase(request: { url?: string; originalUrl?: string }): string {
  const url = (request.originalUrl ?? request.url ?? '/console').split('?')[0];
  return /^(.*?\/console)(?:\/|$)/.exec(url)?.[1] ?? '/console';
}

function sendHtml(adapterHost: HttpAdapterHost, response: unknown, status: number, html: string): void {
  const adapter = adapterHost.httpAdapter;
  adapter.setHeader(response, 'Content-Type', 'text/html; charset=utf-8');
  for (const [name, value] of SECURITY_HEADERS) adapter.setHeader(response, name, value);
  adapter.reply(response, html, status);
}

/** A 400's messages for filters sent as lists or objects (`mode[]=full`, `mode=a&mode=b`) instead of one value. */
function notSingleValues(query: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((name) => query[name] !== undefined && typeof query[name] !== 'string').map((name) => `${name} must be a single value`);
}

/** The fixed text a `flash` query names, or null (own keys only: `?flash=constructor` names nothing). */
function flashText(flash: unknown): string | null {
  return typeof flash === 'string' && Object.prototype.hasOwnProperty.call(FLASHES, flash) ? FLASHES[flash] : null;
}

function messagesOf(error: HttpException): string[] {
  const body = error.getResponse();
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  return ([] as unknown[]).concat(message ?? error.message).map(String);
}

function messageOf(error: HttpException): string {
  return messagesOf(error).join(' ');
}
