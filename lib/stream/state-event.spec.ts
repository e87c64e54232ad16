import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { stateEvent } from './state-event';

const OFF: MaintenanceState = { mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] };

describe('stateEvent', () => {
  it('is one event: an id line, one data line with the state as JSON, then a blank line', () => {
    const event = stateEvent({ ...OFF, mode: 'full', message: 'line one\nline two\r\nend' });
    const lines = event.frame.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`id: ${event.id}`);
    expect(lines[1].startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[1].slice('data: '.length))).toMatchObject({ mode: 'full', message: 'line one\nline two\r\nend' });
    expect(lines.slice(2)).toEqual(['', '']);
  });

  it('names the state, the same on every instance, and a different state differently', () => {
    expect(stateEvent({ ...OFF }).id).toBe(stateEvent({ ...OFF }).id);
    expect(stateEvent({ ...OFF, message: 'x' }).id).not.toBe(stateEvent(OFF).id);
    expect(stateEvent(OFF).id).toMatch(/^[0-9a-f]{16}$/);
  });
});
