import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { rationaleModule } from '../../src/index.js';

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, module, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('rationale', rationaleModule({ enabled: true })), { module: () => rationaleModule({ enabled: true }) });
