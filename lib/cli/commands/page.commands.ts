import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isLanguageTag, LANGUAGE_TAG_TEXT } from '../../utils/language-tag';
import { translationFor } from '../../i18n/choose-locale';
import { Command, InvalidArgumentError, Option } from 'commander';
import { renderMaintenancePage } from '../../enforcement/refusal/maintenance-page';
import { builtInLocaleOf, textsFor } from '../../i18n/maintenance-texts';
import { MaintenancePageData } from '../../interfaces/maintenance-module-options.interface';
import { MAINTENANCE_MODES, MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { MaintenanceState } from '../../interfaces/maintenance-state.interface';
import { MAINTENANCE_DATABASE_URL_ENV } from '../cli.constants';
import { CliRefusal } from '../cli-errors';
import { CliOutput } from '../cli-output';
import { CliGlobalOptions, CliRunner } from '../cli-runner';
import { isoDateArgument, positiveNumberArgument } from '../option-parsers';

/** The live stream's path when the module is mounted at its default path. */
export const DEFAULT_STREAM_PATH = '/maintenance/stream';

/** Seconds after which the static page reloads itself by default. */
export const DEFAULT_PAGE_RETRY_AFTER_SECONDS = 30;

/**
 * The state id the static page claims to show. No state the app sends has it (their ids are digests), so the first
 * event of the app's stream, once the app is back, makes the page reload and the app answer for itself.
 */
export const STATIC_PAGE_STATE_ID = 'static';

/** `--out -`: the page goes to stdout. */
const STDOUT = '-';

interface PageOptions {
  out: string;
  mode?: MaintenanceMode;
  message?: string;
  until?: Date;
  locale: string;
  retryAfter: number;
  streamUrl: string;
  /** False with `--no-stream`. */
  stream: boolean;
}

/** `--locale`: a language tag such as `de` or `de-CH`. */
export function localeArgument(value: string): string {
  if (!isLanguageTag(value)) throw new InvalidArgumentError(`"${String(value)}" is not ${LANGUAGE_TAG_TEXT}.`);
  return value;
}

/**
 * `--stream-url`: a path on the site the page is served for. The page loads nothing from elsewhere; the stream is the
 * app's own, reached through the same proxy.
 */
export function streamPathArgument(value: string): string {
  if (!value.startsWith('/') || value.startsWith('//') || /[\s\\]/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a path on this site such as ${DEFAULT_STREAM_PATH}.`);
  }
  return value;
}

/** `--message`: some text (an empty message would leave the page without one). */
export function messageArgument(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the message must not be empty.');
  return value;
}

/** What the static page shows, from the command line and (when it was read) the state in force. */
export interface StaticPageInput {
  mode?: MaintenanceMode;
  message?: string;
  until?: Date;
  locale: string;
  retryAfterSeconds: number;
  /** The live stream's path, or null for a page that only reloads after `retryAfterSeconds`. */
  streamUrl: string | null;
}

/** The rendered page and what to say about it. */
export interface StaticPage {
  html: string;
  mode: MaintenanceMode;
  /** The language the page is in (its `<html lang>`). */
  lang: string;
  /** Where the message came from. */
  messageFrom: 'given' | 'state' | 'default';
}

/**
 * Renders the page a proxy serves while the app is down. Given options win; else the state in force (when `state`
 * was read and a mode is in force for the whole app); else full maintenance with the language's default message.
 */
export function renderStaticPage(input: StaticPageInput, state: MaintenanceState | null = null): StaticPage {
  const inForce = state !== null && state.mode !== 'off' ? { ...state, mode: state.mode } : null;
  const mode: MaintenanceMode = input.mode ?? inForce?.mode ?? 'full';
  const texts = textsFor(input.locale);
  const stateMessage = (inForce && translationFor(inForce.translations ?? null, input.locale)) ?? inForce?.message ?? undefined;
  const message = input.message ?? stateMessage ?? (mode === 'full' ? texts.fullMessage : texts.readOnlyMessage);
  const until = input.until?.toISOString() ?? inForce?.until ?? null;
  const data: MaintenancePageData = {
    mode,
    statusCode: 503,
    message,
    until,
    retryAfterSeconds: input.retryAfterSeconds,
    backUrl: mode === 'read-only' ? '/' : null,
    refreshAfterSeconds: input.retryAfterSeconds,
    locale: input.locale,
    streamUrl: input.streamUrl,
    stateId: STATIC_PAGE_STATE_ID,
  };
  return {
    html: renderMaintenancePage(data),
    mode,
    lang: builtInLocaleOf(input.locale) ? input.locale : 'en',
    messageFrom: input.message !== undefined ? 'given' : stateMessage !== undefined ? 'state' : 'default',
  };
}

/**
 * Writes `content` to `file` so that a reader (nginx serving it right now) sees the old file or the new one, never
 * half of one: to `<file>.tmp`, then renamed over `file`.
 * @throws CliRefusal naming the file when it cannot be written.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new CliRefusal(`Cannot write ${file}: ${(error as Error).message}`);
  }
}

/** Whether the command line or the environment names a database. */
function connectionConfigured(options: CliGlobalOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(options.dataSource || options.url || env[MAINTENANCE_DATABASE_URL_ENV]);
}

async function emit(page: StaticPage, out: string, output: CliOutput): Promise<void> {
  if (out === STDOUT) output.stdout(page.html);
  else await writeFileAtomically(out, page.html);
  const from = page.messageFrom === 'state' ? ', message in force' : page.messageFrom === 'default' ? ', default message' : '';
  output.stderr(`wrote ${out === STDOUT ? 'the maintenance page to stdout' : basename(out)} (${page.mode}, ${page.lang}${from})\n`);
}

/** `page`: the maintenance page as a static file, for a reverse proxy to serve while the app is down. */
export function registerPageCommands(program: Command, runner: CliRunner): void {
  program
    .command('page')
    .summary('write the maintenance page as a static HTML file for a reverse proxy to serve while the app is down')
    .description(
      'write the maintenance page as a static HTML file, for a reverse proxy to serve while the app is down or restarting ' +
        '(nginx: error_page 502 503 504 /maintenance.html). With a connection and no --message or --mode, it shows the ' +
        'maintenance in force; the database is never read when --message or --mode is given',
    )
    .requiredOption('--out <file>', 'where to write the page (- for stdout); written to <file>.tmp, then renamed')
    .addOption(new Option('--mode <mode>', 'full or read-only (default: the mode in force, else full)').choices(MAINTENANCE_MODES))
    .option('--message <text>', "message shown to users (default: the one in force, else the language's default)", messageArgument)
    .option('--until <iso>', 'expected end, shown on the page (ISO 8601 with offset)', isoDateArgument)
    .option('--locale <tag>', "the page's language and <html lang>: en, de, fr, es or a regional tag such as de-CH", localeArgument, 'en')
    .option('--retry-after <seconds>', 'the page reloads itself after this many seconds', positiveNumberArgument, DEFAULT_PAGE_RETRY_AFTER_SECONDS)
    .option(
      '--stream-url <path>',
      "the app's live stream: the page reloads as soon as the app is back and its state changes",
      streamPathArgument,
      DEFAULT_STREAM_PATH,
    )
    .option('--no-stream', 'leave the live stream out: the page only reloads after --retry-after seconds')
    .action(async (options: PageOptions, command: Command) => {
      const input: StaticPageInput = {
        mode: options.mode,
        message: options.message,
        until: options.until,
        locale: options.locale,
        retryAfterSeconds: options.retryAfter,
        streamUrl: options.stream ? options.streamUrl : null,
      };
      const output = commandOutput(command);
      const readState = options.message === undefined && options.mode === undefined && connectionConfigured(command.optsWithGlobals<CliGlobalOptions>());
      if (!readState) return emit(renderStaticPage(input), options.out, output);
      return runner.read(command, async ({ maintenance, output: out }) => emit(renderStaticPage(input, maintenance.getState()), options.out, out));
    });
}

/** Where the program writes (the process's streams, or a test's buffer), as `buildCliProgram` configured it. */
export function commandOutput(command: Command): CliOutput {
  const config = command.configureOutput();
  return {
    stdout: (text) => (config.writeOut ? config.writeOut(text) : void process.stdout.write(text)),
    stderr: (text) => (config.writeErr ? config.writeErr(text) : void process.stderr.write(text)),
  };
}
