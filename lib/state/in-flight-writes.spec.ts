import { EventEmitter } from 'node:events';
import { InFlightWrites } from './in-flight-writes';

/** A response that finishes when told, as Node's does: `writableFinished`, then `close`. */
class FakeResponse extends EventEmitter {
  writableFinished = false;
  destroyed = false;

  finish(): void {
    this.writableFinished = true;
    this.destroyed = true;
    this.emit('close');
  }
}

describe('InFlightWrites', () => {
  it('counts, from the start of a drain, the unsafe requests admitted before it and still open, until they close', () => {
    const writes = new InFlightWrites();
    const idle = jest.fn();
    writes.onIdle(idle);
    const [post, del, done, get] = [new FakeResponse(), new FakeResponse(), new FakeResponse(), new FakeResponse()];
    writes.admit('POST', post);
    writes.admit('DELETE', del);
    writes.admit('PATCH', done);
    writes.admit('GET', get);
    writes.admit('HEAD', new FakeResponse());
    writes.admit(undefined, new FakeResponse());
    done.finish();
    // No listener while no drain is pending.
    expect(post.listenerCount('close')).toBe(0);
    expect(writes.size).toBe(0);

    writes.beginDrain();
    expect(writes.size).toBe(2);
    expect(get.listenerCount('close')).toBe(0);
    post.finish();
    expect(writes.size).toBe(1);
    expect(idle).not.toHaveBeenCalled();
    del.finish();
    expect(writes.size).toBe(0);
    expect(idle).toHaveBeenCalledTimes(1);
  });

  it('keeps no finished response for long while nothing drains, and none of those still open is lost', () => {
    const writes = new InFlightWrites();
    const open = Array.from({ length: 300 }, () => new FakeResponse());
    for (const response of open) writes.admit('POST', response);
    for (let i = 0; i < 10_000; i++) {
      const response = new FakeResponse();
      writes.admit('POST', response);
      response.finish();
    }
    expect((writes as unknown as { admitted: unknown[] }).admitted.length).toBeLessThan(1000);
    writes.beginDrain();
    expect(writes.size).toBe(300);
  });
});
