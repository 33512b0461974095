import { expect } from 'chai';
import sinon from 'sinon';
import { callDeadline } from '../../../src/internal/callDeadline.js';

async function settled<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await p };
  } catch (error) {
    return { error };
  }
}

describe('callDeadline', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('settles a race with the work, and creates no signal unless one is read', async () => {
    const parent = new AbortController();
    const deadline = callDeadline([parent.signal], 1_000);
    expect(await deadline.race(() => 7)).to.equal(7);
    expect((await settled(deadline.race(() => Promise.reject(new Error('boom'))))).error).to.have.property('message', 'boom');
    expect(deadline.aborted).to.equal(false);
    deadline.dispose();
  });

  it('times out: the race rejects with a TimeoutError, timedOut is set, and a signal read before aborts first', async () => {
    clock = sinon.useFakeTimers();
    const deadline = callDeadline([new AbortController().signal], 50);
    const order: string[] = [];
    const signal = deadline.signal;
    signal.addEventListener('abort', () => order.push('signal'));
    const race = deadline.race(() => new Promise(() => undefined)).catch((e: unknown) => {
      order.push('race');
      return e;
    });
    await clock.tickAsync(50);
    const error = await race;
    expect(error).to.be.instanceOf(DOMException).with.property('name', 'TimeoutError');
    expect(deadline.timedOut).to.equal(true);
    expect(signal.aborted).to.equal(true);
    expect(signal.reason).to.equal(error);
    expect(order).to.deep.equal(['signal', 'race']);
    deadline.dispose();
  });

  it('follows every parent: the reason of the one that aborts, not a timeout', async () => {
    const a = new AbortController();
    const b = new AbortController();
    const deadline = callDeadline([a.signal, b.signal], 10_000);
    const race = settled(deadline.race(() => new Promise(() => undefined)));
    const reason = new Error('b went away');
    b.abort(reason);
    expect((await race).error).to.equal(reason);
    expect(deadline.aborted).to.equal(true);
    expect(deadline.timedOut).to.equal(false);
    expect(() => deadline.throwIfAborted()).to.throw(reason.message);
    expect(deadline.signal.aborted).to.equal(true);
    expect(deadline.signal.reason).to.equal(reason);
    deadline.dispose();
  });

  it('starts aborted when a parent already is, and never starts the work', async () => {
    const parent = new AbortController();
    parent.abort(new Error('early'));
    const deadline = callDeadline([parent.signal], 1_000);
    const start = sinon.spy(() => 1);
    expect(((await settled(deadline.race(start))).error as Error).message).to.equal('early');
    expect(start).to.not.have.been.called;
    deadline.dispose();
  });

  it('handles the rejection of abandoned work and drops its timer and listeners on dispose', async () => {
    clock = sinon.useFakeTimers();
    const parent = new AbortController();
    const add = sinon.spy(parent.signal, 'addEventListener');
    const remove = sinon.spy(parent.signal, 'removeEventListener');
    const deadline = callDeadline([parent.signal], 1_000);
    let fail: (e: Error) => void = () => undefined;
    const race = settled(deadline.race(() => new Promise<never>((_, reject) => (fail = reject))));
    parent.abort(new Error('stop'));
    await race;
    fail(new Error('late'));
    deadline.dispose();
    expect(clock.countTimers()).to.equal(0);
    expect(remove.firstCall.args[1]).to.equal(add.firstCall.args[1]);
  });
});
