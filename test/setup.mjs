// Root hooks for every mocha run (STYLE §2.7): reflect-metadata first, chai plugins, sinon cleanup.
import 'reflect-metadata';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import sinon from 'sinon';
import sinonChai from 'sinon-chai';

chai.use(sinonChai);
chai.use(chaiAsPromised);

export const mochaHooks = {
  afterEach() {
    sinon.restore();
  },
};
