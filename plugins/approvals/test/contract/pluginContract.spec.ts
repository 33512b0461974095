import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { MemoryPendingActionStore } from '@agent-studio/core';
import { approvalsModule } from '../../src/index.js';

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, module, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('approvals', approvalsModule({ store: new MemoryPendingActionStore() })), { module: () => approvalsModule({ store: new MemoryPendingActionStore() }) });
