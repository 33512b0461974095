import { expect } from 'chai';
import sinon from 'sinon';
import { raceSignalAndTimeout } from '../../../src/internal/raceAbort.js';

async function settled<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await p };
  } catch (error) {
    return { error };
  }
}

describe('raceSignalAndTimeout', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('settles with the work when it finishes first, and drops its timer', async () => {
    clock = sinon.useFakeTimers();
    const signal = new AbortController().signal;
    expect(await raceSignalAndTimeout(Promise.resolve(42), signal, 1_000)).to.equal(42);
    expect(clock.countTimers()).to.equal(0);
    const failure = new Error('boom');
    expect((await settled(raceSignalAndTimeout(Promise.reject(failure), signal, 1_000))).error).to.equal(failure);
    expect(clock.countTimers()).to.equal(0);
  });

  it('rejects with a TimeoutError once the timeout passes', async () => {
    clock = sinon.useFakeTimers();
    const outcome = settled(raceSignalAndTimeout(new Promise(() => undefined), new AbortController().signal, 50));
    await clock.tickAsync(49);
    await clock.tickAsync(1);
    const { error } = await outcome;
    expect(error).to.be.instanceOf(DOMException).with.property('name', 'TimeoutError');
    expect(clock.countTimers()).to.equal(0);
  });

  it('rejects with the signal reason as soon as the signal aborts, before the timeout', async () => {
    clock = sinon.useFakeTimers();
    const controller = new AbortController();
    const outcome = settled(raceSignalAndTimeout(new Promise(() => undefined), controller.signal, 10_000));
    const reason = new Error('cancelled');
    controller.abort(reason);
    expect((await outcome).error).to.equal(reason);
    expect(clock.countTimers()).to.equal(0);
  });

  it('rejects at once with the reason of a signal that already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('early'));
    expect(((await settled(raceSignalAndTimeout(Promise.resolve(1), controller.signal, 1_000))).error as Error).message).to.equal('early');
  });

  it('handles the rejection of abandoned work (no unhandled rejection)', async () => {
    const unhandled = sinon.spy();
    process.on('unhandledRejection', unhandled);
    try {
      const controller = new AbortController();
      let fail: (e: Error) => void = () => undefined;
      const work = new Promise<never>((_, reject) => {
        fail = reject;
      });
      const outcome = settled(raceSignalAndTimeout(work, controller.signal, 1_000));
      controller.abort(new Error('stop'));
      await outcome;
      fail(new Error('late failure'));
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).to.not.have.been.called;
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('leaves no abort listener behind', async () => {
    const controller = new AbortController();
    const add = sinon.spy(controller.signal, 'addEventListener');
    const remove = sinon.spy(controller.signal, 'removeEventListener');
    await raceSignalAndTimeout(Promise.resolve(1), controller.signal, 1_000);
    expect(add.callCount).to.equal(1);
    expect(remove.callCount).to.equal(1);
    expect(remove.firstCall.args[1]).to.equal(add.firstCall.args[1]);
  });
});
