import { IncomingMessage, ServerResponse } from 'node:http';
import { Get, HttpStatus, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiAdminError } from './dto/maintenance-api-error.docs';
import { BypassMaintenance } from '../enforcement/bypass-maintenance.decorator';
import { MESSAGES } from '../maintenance.messages';
import { MaintenanceStreamService } from '../stream/maintenance-stream.service';

/** The raw request and response under Express (themselves) and Fastify (`.raw`, with `hijack()` on the reply). */
type AnyRequest = IncomingMessage & { raw?: IncomingMessage };
type AnyResponse = ServerResponse & { raw?: ServerResponse; hijack?: () => void };

/** `GET <adminPath>/stream`: the public state as server-sent events. Never blocked, no authentication. */
@ApiTags('maintenance')
@BypassMaintenance()
export class MaintenanceStreamController {
  constructor(private readonly stream: MaintenanceStreamService) {}

  @Get('stream')
  @ApiOperation({
    summary: 'What is in force, live (server-sent events)',
    description:
      'Public and never blocked. Sends the state of GET status at once (unless Last-Event-ID names it) and again whenever it changes on ' +
      'any instance; the event id names the state, so a reconnecting EventSource gets only what it missed. A comment line every ' +
      'stream.heartbeatSeconds keeps proxies from closing it. At most stream.maxConnections streams per instance (then 429).',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; each event is `id: <state id>` and `data: <the state as JSON>`', schema: { type: 'string' } })
  @ApiAdminError(429, 'This instance has stream.maxConnections streams open; try again later (Retry-After)', { 'Too many streams': MESSAGES.streamFull })
  open(@Req() request: AnyRequest, @Res() response: AnyResponse): void {
    const rawRequest = request.raw ?? request;
    const rawResponse = response.raw ?? response;
    const opening = this.stream.open(rawRequest, rawResponse);
    if (opening === 'disabled') throw new NotFoundException();
    if (opening === 'closing') {
      // Shutting down (or the client already left): drop the connection, which a browser retries, to another instance
      // or to this one once it is back; any answer with a status would make it give up for good.
      response.hijack?.();
      rawRequest.socket.destroy();
      return;
    }
    // Fastify must be told the reply is ours from here on (Express never touches a response given to @Res()).
    if (opening === 'opened') {
      response.hijack?.();
      return;
    }
    const body = JSON.stringify({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message: MESSAGES.streamFull });
    rawResponse.writeHead(HttpStatus.TOO_MANY_REQUESTS, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '30' });
    rawResponse.end(body);
    response.hijack?.();
  }
}
