import {
  BadRequestException,
  Body,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiAdminError, ApiAdminErrors, ERROR_CASES } from './dto/maintenance-api-error.docs';
import { MESSAGES } from '../maintenance.messages';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { actorContextOf, AdminInput, MaintenanceActionName, RawRequest } from './maintenance-admin.decorators';
import { CreateWindowDto } from './dto/create-window.dto';
import { ApproveWindowDto, CancelWindowDto, RejectWindowDto } from './dto/decision.dto';
import { ListAuditQueryDto, ListWindowsQueryDto } from './dto/list-queries.dto';
import { AuditVerificationView, MaintenanceAuditEntryView, MaintenanceAuditPage, MaintenanceWindowPage } from './dto/maintenance-responses';
import { MaintenanceWindowView } from './dto/maintenance-window.response';
import { ToggleMaintenanceDto } from './dto/toggle.dto';
import { UpdateWindowDto } from './dto/update-window.dto';
import { MaintenanceFleetView, MaintenanceToggleView } from './dto/maintenance-fleet.response';
import { MaintenanceAdminErrorsFilter } from './maintenance-admin-errors.filter';
import { MaintenanceAdminGuard } from './maintenance-admin.guard';
import { MaintenanceAdminInputGuard } from './maintenance-admin-input.guard';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MAINTENANCE_MODE_HEADER } from '../maintenance.constants';
import { MaintenanceService } from '../windows/maintenance.service';
import { MaintenanceWebhookStore } from '../persistence/maintenance-webhook.store';
import { toWriteError } from '../persistence/database-errors';
import { webhookStatuses } from '../webhooks/webhook-status';
import { MaintenanceWebhookStatusView } from './dto/maintenance-webhook.response';

const WEBHOOK_LOGGER = new Logger('MaintenanceModule');
import { HttpAdapterHost } from '@nestjs/core';
import { parseIsoDate } from '../utils/iso-date';

const idPipe = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(['id must be a UUID']) });
const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

// The DTOs have validated the form; parse it the same strict way. JSON null is "not given", as @IsOptional says.
const date = (value: string | null | undefined) => (value === undefined || value === null ? undefined : parseIsoDate(value));

/**
 * The admin API: windows, approvals, the emergency toggle and the audit log. Exempt from maintenance
 * itself, guarded by `admin.authorize` / `admin.actor`.
 */
@ApiTags('maintenance')
@ApiSecurity('maintenance-admin')
@BypassMaintenance()
// Who may call first (401/403 before anything is said about the input), then the input as it was sent.
@UseGuards(MaintenanceAdminGuard, MaintenanceAdminInputGuard)
@UsePipes(validation)
@UseFilters(MaintenanceAdminErrorsFilter)
export class MaintenanceAdminController {
  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
    private readonly webhooks: MaintenanceWebhookStore,
  ) {}

  @Post('windows')
  @MaintenanceActionName('request')
  @AdminInput({ body: CreateWindowDto })
  @ApiAdminErrors('request')
  @ApiOperation({
    summary: 'Request a maintenance window',
    description: 'Pending until approved by someone else (approved at once when approvals.required is 0).',
  })
  @ApiCreatedResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    'Invalid fields': ['reason should not be empty', 'endsAt must be an ISO 8601 date-time with an offset or Z, e.g. 2030-01-31T22:00:00Z'],
    'End before start': ['endsAt must be after startsAt'],
    'Unknown scope': [MESSAGES.unknownScope('checkuot', ['checkout'])],
    'Bad exemption': ['exemptions.ips[0] must be an IP address or CIDR range, e.g. 203.0.113.0/24'],
    'Bad recurrence': ['recurrence.timeZone must be an IANA time zone such as Europe/Berlin'],
  })
  requestWindow(@Body() body: CreateWindowDto, @RawRequest() request: unknown): Promise<MaintenanceWindowView> {
    return this.maintenance.requestWindow(
      {
        mode: body.mode,
        reason: body.reason,
        message: body.message,
        startsAt: date(body.startsAt),
        endsAt: date(body.endsAt),
        scope: body.scope,
        exemptions: body.exemptions,
        translations: body.translations,
        recurrence: body.recurrence,
      },
      actorContextOf(request as object, this.options),
    );
  }

  @Patch('windows/:id')
  @MaintenanceActionName('request')
  @AdminInput({ body: UpdateWindowDto })
  @ApiAdminErrors('request')
  @ApiOperation({
    summary: 'Change a window',
    description:
      'endsAt (extend or shorten) and message change at once, also while the window is in force, without a new approval. ' +
      'mode, scope, startsAt, exemptions and recurrence send an approved window back to pending (its approvals are forgotten; ' +
      'the audit log keeps them) and cannot change while it is in force. Audited as `updated` with the values before and after.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    ...ERROR_CASES.badId,
    'Nothing to change': [MESSAGES.nothingToChange],
    'End in the past': ['endsAt must be in the future'],
  })
  @ApiAdminError(404, 'No such window', ERROR_CASES.windowNotFound)
  @ApiAdminError(409, 'Over, or a change that needs approval while in force', {
    Over: MESSAGES.notEditable('completed'),
    'In force': MESSAGES.activeShapeFixed(['mode']),
  })
  updateWindow(@Param('id', idPipe) id: string, @Body() body: UpdateWindowDto, @RawRequest() request: unknown): Promise<MaintenanceWindowView> {
    return this.maintenance.updateWindow(
      id,
      {
        mode: body.mode,
        message: body.message,
        startsAt: date(body.startsAt),
        // null is a value here: open-ended, no scope, no exemptions, one-off.
        endsAt: body.endsAt === null ? null : date(body.endsAt),
        scope: body.scope,
        exemptions: body.exemptions,
        translations: body.translations,
        recurrence: body.recurrence,
        reason: body.reason,
      },
      actorContextOf(request as object, this.options),
    );
  }

  @Get('windows')
  @MaintenanceActionName('read')
  @AdminInput({ query: ListWindowsQueryDto })
  @ApiAdminErrors('read')
  @ApiOperation({ summary: 'List windows', description: 'Newest request first; filter by status, mode and time range.' })
  @ApiOkResponse({ type: MaintenanceWindowPage })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    'Unknown status': ['status must be one of the following values: pending, approved, rejected, active, completed, cancelled'],
  })
  listWindows(@Query() query: ListWindowsQueryDto): Promise<MaintenanceWindowPage> {
    return this.maintenance.listWindows({
      status: query.status,
      mode: query.mode,
      scope: query.scope === undefined ? undefined : query.scope === '' ? null : query.scope,
      from: date(query.from),
      to: date(query.to),
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  @Get('windows/:id')
  @MaintenanceActionName('read')
  @AdminInput({})
  @ApiAdminErrors('read')
  @ApiOperation({ summary: 'One window with its approvals' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'The id is not a UUID', ERROR_CASES.badId)
  @ApiAdminError(404, 'No such window', ERROR_CASES.windowNotFound)
  getWindow(@Param('id', idPipe) id: string): Promise<MaintenanceWindowView> {
    return this.maintenance.getWindow(id);
  }

  @Post('windows/:id/approve')
  @HttpCode(200)
  @MaintenanceActionName('approve')
  @AdminInput({ body: ApproveWindowDto })
  @ApiAdminErrors('approve', { 'Own request': MESSAGES.selfApproval })
  @ApiOperation({ summary: 'Approve a window', description: 'Four eyes: the requester cannot approve; each approver counts once.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    ...ERROR_CASES.badId,
    'Comment too long': ['comment must be shorter than or equal to 1000 characters'],
  })
  @ApiAdminError(404, 'No such window', ERROR_CASES.windowNotFound)
  @ApiAdminError(409, 'Already decided by this admin, not pending, or expired', {
    'Already decided': MESSAGES.alreadyDecided,
    'Not pending': MESSAGES.notPending('approved'),
    Expired: MESSAGES.expired,
  })
  approve(@Param('id', idPipe) id: string, @Body() body: ApproveWindowDto, @RawRequest() request: unknown): Promise<MaintenanceWindowView> {
    return this.maintenance.approve(id, { comment: body.comment }, actorContextOf(request as object, this.options));
  }

  @Post('windows/:id/reject')
  @HttpCode(200)
  @MaintenanceActionName('reject')
  @AdminInput({ body: RejectWindowDto })
  @ApiAdminErrors('reject')
  @ApiOperation({ summary: 'Reject a pending window' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', { ...ERROR_CASES.badId, 'No comment': ['comment should not be empty'] })
  @ApiAdminError(404, 'No such window', ERROR_CASES.windowNotFound)
  @ApiAdminError(409, 'Already decided by this admin, or not pending', {
    'Already decided': MESSAGES.alreadyDecided,
    'Not pending': MESSAGES.notPending('active'),
  })
  reject(@Param('id', idPipe) id: string, @Body() body: RejectWindowDto, @RawRequest() request: unknown): Promise<MaintenanceWindowView> {
    return this.maintenance.reject(id, { comment: body.comment }, actorContextOf(request as object, this.options));
  }

  @Post('windows/:id/cancel')
  @HttpCode(200)
  @MaintenanceActionName('cancel')
  @AdminInput({ body: CancelWindowDto })
  @ApiAdminErrors('cancel')
  @ApiOperation({
    summary: 'Cancel a window',
    description: 'Withdraws a pending or approved window, or ends an active one now. With `occurrence`, cancels one occurrence of a recurring window.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MaintenanceWindowView })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', ERROR_CASES.badId)
  @ApiAdminError(404, 'No such window', ERROR_CASES.windowNotFound)
  @ApiAdminError(409, 'Already over', { 'Already over': MESSAGES.notCancellable('completed') })
  cancel(@Param('id', idPipe) id: string, @Body() body: CancelWindowDto, @RawRequest() request: unknown): Promise<MaintenanceWindowView> {
    return this.maintenance.cancel(id, { reason: body.reason, occurrence: date(body.occurrence) }, actorContextOf(request as object, this.options));
  }

  @Post('toggle')
  @HttpCode(200)
  @MaintenanceActionName('toggle')
  @AdminInput({ body: ToggleMaintenanceDto })
  @ApiAdminErrors('toggle')
  @ApiOperation({
    summary: 'Emergency switch',
    description:
      'Takes effect at once, without approval: ends the active windows of the same scope (the whole app without one) and, unless mode is off, ' +
      'opens an emergency window. off without a scope ends every active window. A recurring window loses its current occurrence only.',
  })
  @ApiOkResponse({ type: MaintenanceToggleView, description: 'The resulting state (with `waitSeconds`: every live instance enforces it)' })
  @ApiAcceptedResponse({ type: MaintenanceToggleView, description: 'With `waitSeconds`: applied, but some live instances still lag (listed in `fleet`)' })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    'Unknown mode': ['mode must be one of the following values: full, read-only, off'],
    'No reason': ['reason should not be empty'],
  })
  async toggle(
    @Body() body: ToggleMaintenanceDto,
    @RawRequest() request: unknown,
    @Res({ passthrough: true }) response: { removeHeader(name: string): unknown },
  ): Promise<MaintenanceToggleView> {
    const state = await this.maintenance.toggle(
      {
        mode: body.mode,
        reason: body.reason,
        message: body.message,
        translations: body.translations,
        endsAt: date(body.endsAt),
        scope: body.scope,
        exemptions: body.exemptions,
      },
      actorContextOf(request as object, this.options),
    );
    // The guard marked this response with the mode in force when it arrived; it answers the new one.
    if (state.mode === 'off') response.removeHeader(MAINTENANCE_MODE_HEADER);
    else this.adapterHost.httpAdapter.setHeader(response, MAINTENANCE_MODE_HEADER, state.mode);
    if (body.waitSeconds === undefined) return state;
    const fleet = await this.maintenance.waitForFleet(body.waitSeconds * 1000);
    if (!fleet.complete) this.adapterHost.httpAdapter.status(response, HttpStatus.ACCEPTED);
    return { ...state, fleet };
  }

  @Get('fleet')
  @MaintenanceActionName('read')
  @AdminInput({})
  @ApiAdminErrors('read')
  @ApiOperation({
    summary: 'The fleet of instances',
    description: "Each instance's heartbeat: the state version it enforces, its mode, what it still drains; which live instances lag.",
  })
  @ApiOkResponse({ type: MaintenanceFleetView })
  fleet(): Promise<MaintenanceFleetView> {
    return this.maintenance.fleetStatus();
  }

  @Get('webhooks')
  @MaintenanceActionName('read')
  @AdminInput({})
  @ApiAdminErrors('read')
  @ApiOperation({
    summary: 'Webhook delivery status',
    description:
      'Per webhook: up to which audit entry its events were delivered, how many wait, and whether the next one is failing (since when, ' +
      'how often, why, and when it is tried again). Events are delivered in order and never dropped; see README "Webhooks".',
  })
  @ApiOkResponse({ type: [MaintenanceWebhookStatusView] })
  async webhookStatus(): Promise<MaintenanceWebhookStatusView[]> {
    const configured = new Map((this.options.notify?.webhooks ?? []).map((webhook) => [webhook.name, [...webhook.events]]));
    if (configured.size === 0) return [];
    let all: MaintenanceWebhookStatusView[];
    try {
      all = await webhookStatuses(this.webhooks, (name) => configured.get(name) ?? []);
    } catch (error) {
      throw toWriteError(error, WEBHOOK_LOGGER);
    }
    // Rows of webhooks no longer configured stay in the table; only the app's own are shown.
    return all.filter((status) => configured.has(status.name));
  }

  @Get('audit')
  @MaintenanceActionName('audit')
  @AdminInput({ query: ListAuditQueryDto })
  @ApiAdminErrors('audit')
  @ApiOperation({ summary: 'Audit log', description: 'Newest first; filter by action, actor, window and time range.' })
  @ApiOkResponse({ type: MaintenanceAuditPage })
  @ApiAdminError(400, 'Invalid input; the messages name the fields', {
    'Foreign cursor': [MESSAGES.invalidCursor],
    'Limit too large': ['limit must not be greater than 200'],
  })
  async audit(@Query() query: ListAuditQueryDto): Promise<MaintenanceAuditPage> {
    const page = await this.maintenance.listAudit({
      action: query.action,
      actor: query.actor,
      windowId: query.windowId,
      from: date(query.from),
      to: date(query.to),
      beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
      limit: query.limit,
    });
    return { items: page.items.map((entry) => MaintenanceAuditEntryView.from(entry)), nextCursor: page.nextCursor };
  }

  @Get('audit/verify')
  @MaintenanceActionName('audit')
  @AdminInput({})
  @ApiAdminErrors('audit')
  @ApiOperation({ summary: 'Verify the audit hash chain', description: 'Reports the first entry whose hash or link does not match.' })
  @ApiOkResponse({ type: AuditVerificationView })
  verifyAudit(): Promise<AuditVerificationView> {
    return this.maintenance.verifyAudit();
  }
}
