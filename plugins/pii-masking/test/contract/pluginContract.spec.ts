import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { piiMaskingModule } from '../../src/index.js';

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, module, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('pii-masking', piiMaskingModule({ preset: 'standard' })), { module: () => piiMaskingModule({ preset: 'standard' }) });
