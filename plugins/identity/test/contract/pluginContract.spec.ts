import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { dataModule, MemoryDataBackend, ModelIndex } from '@agent-studio/data';
import { identityModule } from '../../src/index.js';

const model = ModelIndex.from({ objects: {}, profiles: [{ name: 'Staff' }], users: [{ id: 'u-1', profile: 'Staff' }] });
const data = () => dataModule({ model, backend: new MemoryDataBackend() });

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('identity', identityModule(), data()));
