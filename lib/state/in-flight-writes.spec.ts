import { EventEmitter } from 'node:events';
import { InFlightWrites } from './in-flight-writes';

describe('InFlightWrites', () => {
  it('counts unsafe requests until their response closes, and says when none is left', () => {
    const writes = new InFlightWrites();
    const idle = jest.fn();
    writes.onIdle(idle);
    const [post, del, get] = [new EventEmitter(), new EventEmitter(), new EventEmitter()];
    writes.admit('POST', post);
    writes.admit('DELETE', del);
    writes.admit('GET', get);
    writes.admit('HEAD', new EventEmitter());
    writes.admit(undefined, new EventEmitter());
    expect(writes.size).toBe(2);
    expect(get.listenerCount('close')).toBe(0);
    post.emit('close');
    expect(writes.size).toBe(1);
    expect(idle).not.toHaveBeenCalled();
    del.emit('close');
    del.emit('close'); // once: a second close changes nothing
    expect(writes.size).toBe(0);
    expect(idle).toHaveBeenCalledTimes(1);
  });
});
