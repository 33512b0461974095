import { expect } from 'chai';
import { PendingActionStatus } from '../../../src/stores/PendingActionStatus.js';
import {
  PendingActionTransitions,
  isPendingActionTransitionAllowed,
  isTerminalPendingActionStatus,
} from '../../../src/stores/PendingActionTransitions.js';

describe('PendingActionTransitions', () => {
  it('should have an entry for every status', () => {
    expect(Object.keys(PendingActionTransitions).sort()).to.deep.equal(Object.values(PendingActionStatus).sort());
  });

  it('should only leave awaiting, approved and executing', () => {
    const open = Object.values(PendingActionStatus).filter((s) => !isTerminalPendingActionStatus(s));
    expect(open.sort()).to.deep.equal(['approved', 'awaiting', 'executing']);
  });

  it('should not allow skipping approval', () => {
    expect(isPendingActionTransitionAllowed('awaiting', 'executing')).to.equal(false);
    expect(isPendingActionTransitionAllowed('awaiting', 'done')).to.equal(false);
    expect(isPendingActionTransitionAllowed('approved', 'done')).to.equal(false);
    expect(isPendingActionTransitionAllowed('approved', 'executing')).to.equal(true);
  });

  it('should answer false for a status it does not know', () => {
    expect(isPendingActionTransitionAllowed('bogus' as PendingActionStatus, 'approved')).to.equal(false);
    expect(isTerminalPendingActionStatus('bogus' as PendingActionStatus)).to.equal(false);
  });
});
