import { MaintenanceMode } from '../../interfaces/maintenance-mode.type';
import { ResolvedMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../../state/maintenance-snapshot';
import { MaintenanceErrorBody, MaintenanceException } from './maintenance.exception';
import { translationFor } from '../../i18n/choose-locale';

/**
 * The error for a refused request: 503 with `Retry-After` seconds to the end of the full window in force
 * (at least 1; `retryAfterSeconds` when open-ended), or the read-only status for a refused write.
 */
export function maintenanceExceptionFor(
  snapshot: MaintenanceSnapshot,
  mode: MaintenanceMode,
  options: ResolvedMaintenanceOptions,
  now = Date.now(),
): MaintenanceException {
  const until = snapshot.state.until;
  // The message in the first language: a translation into it wins over the message as written.
  const message = translationFor(snapshot.translations, options.locales[0]) ?? snapshot.message;
  const exception =
    mode === 'full'
      ? MaintenanceException.full(
          message ?? options.defaultMessage,
          until,
          snapshot.untilMs === null ? options.retryAfterSeconds : Math.max(1, Math.ceil((snapshot.untilMs - now) / 1000)),
        )
      : MaintenanceException.readOnly(options.readOnlyStatusCode, message ?? options.readOnlyMessage, until);
  exception.localize = localizer(exception, snapshot, mode, options);
  return exception;
}

/**
 * The body per language, each made once for the life of the (shared) exception: the window's translation for the
 * language, else its own message, else the default message in that language.
 */
function localizer(exception: MaintenanceException, snapshot: MaintenanceSnapshot, mode: MaintenanceMode, options: ResolvedMaintenanceOptions) {
  const bodies = new Map<string, MaintenanceErrorBody>();
  return (locale: string): MaintenanceErrorBody => {
    let body = bodies.get(locale);
    if (body === undefined) {
      const message = translationFor(snapshot.translations, locale) ?? snapshot.message ?? options.defaultMessageFor(mode, locale);
      body = message === exception.body.message ? exception.body : { ...exception.body, message };
      bodies.set(locale, body);
    }
    return body;
  };
}
