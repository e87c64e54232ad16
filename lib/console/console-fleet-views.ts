import type { MaintenanceFleetStatus } from '../fleet/fleet-status';
import type { MaintenanceWebhookStatus } from '../webhooks/webhook-status';
import { escapeHtml } from '../utils/html-escape';
import { tableHtml, textHtml, timeHtml } from './console-html';

/** The running instances, as `GET <adminPath>/fleet` reports them; or why they cannot be read. */
export function fleetView(fleet: MaintenanceFleetStatus | string): string {
  if (typeof fleet === 'string') return `<section class="panel"><h2>Instances</h2><p>${escapeHtml(fleet)}</p></section>`;
  const rows = fleet.instances.map((instance) => [
    escapeHtml(instance.name),
    instance.live ? 'live' : 'gone',
    escapeHtml(instance.mode),
    instance.current ? 'yes' : 'no',
    instance.drained ? 'yes' : 'no',
    timeHtml(instance.seenAt),
  ]);
  return `<section class="panel" aria-labelledby="fleet-title">
<h2 id="fleet-title">Instances</h2>
<p>${fleet.live} live, ${fleet.current} enforcing the newest state (version ${fleet.stateVersion})${fleet.lagging.length ? `, ${fleet.lagging.length} lagging` : ''}.</p>
${rows.length ? tableHtml('fleet', 'Instances of the app', ['Instance', 'Heartbeat', 'Mode', 'Current', 'Drained', 'Last seen'], rows) : ''}
</section>`;
}

/** Where each webhook stands, as `GET <adminPath>/webhooks` reports it (nothing when the app has none). */
export function webhooksView(webhooks: readonly MaintenanceWebhookStatus[] | string): string {
  if (typeof webhooks === 'string') return `<section class="panel"><h2>Webhooks</h2><p>${escapeHtml(webhooks)}</p></section>`;
  if (webhooks.length === 0) return '';
  const rows = webhooks.map((webhook) => [
    escapeHtml(webhook.name),
    String(webhook.pending),
    webhook.attempts > 0 ? `failing (${webhook.attempts} attempts): ${textHtml(webhook.lastError)}` : 'ok',
    timeHtml(webhook.lastDeliveredAt),
    timeHtml(webhook.nextAttemptAt),
  ]);
  return `<section class="panel" aria-labelledby="webhooks-title">
<h2 id="webhooks-title">Webhooks</h2>
${tableHtml('webhooks', 'Webhook deliveries', ['Webhook', 'Waiting', 'State', 'Last delivered', 'Next attempt'], rows)}
</section>`;
}
