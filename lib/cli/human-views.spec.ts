import { formatWebhookTable } from './human-views';

describe('formatWebhookTable', () => {
  it('prints one line per webhook, with dashes for what is not known', () => {
    const table = formatWebhookTable([
      {
        name: 'slack',
        deliveredUpTo: 12,
        pending: 3,
        attempts: 2,
        lastError: 'HTTP 500\n\u001b[2Jcleared',
        failingSince: '2030-01-01T00:00:00.000Z',
        nextAttemptAt: '2030-01-01T00:01:00.000Z',
        lastDeliveredAt: null,
        delivering: false,
      },
      {
        name: 'hooks.example.com#1a2b3c4d',
        deliveredUpTo: 15,
        pending: 0,
        attempts: 0,
        lastError: null,
        failingSince: null,
        nextAttemptAt: null,
        lastDeliveredAt: '2030-01-01T00:02:00.000Z',
        delivering: true,
      },
    ]);
    const [header, slack, other] = table.trimEnd().split('\n');
    expect(header).toMatch(/^WEBHOOK\s+DELIVERED UP TO\s+PENDING\s+ATTEMPTS\s+LAST ERROR\s+FAILING SINCE\s+NEXT ATTEMPT\s+LAST DELIVERED\s+DELIVERING$/);
    expect(slack).toMatch(/^slack\s+12\s+3\s+2\s+HTTP 500 \?\[2Jcleared\s+2030-01-01T00:00:00.000Z\s+2030-01-01T00:01:00.000Z\s+-\s+no$/);
    expect(other).toMatch(/^hooks\.example\.com#1a2b3c4d\s+15\s+0\s+0\s+-\s+-\s+-\s+2030-01-01T00:02:00.000Z\s+yes$/);
  });

  it('says when no webhook is on record', () => {
    expect(formatWebhookTable([])).toMatch(/^No webhooks on record/);
  });
});
