import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { promptSafetyModule } from '../../src/index.js';

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, module, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('prompt-safety', promptSafetyModule({ enabled: true, mode: 'block' })), { module: () => promptSafetyModule({ enabled: true, mode: 'block' }) });
