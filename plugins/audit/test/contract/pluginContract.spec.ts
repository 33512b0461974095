import { describePluginContract, pluginFromModule } from '@agent-studio/core/testing';
import { auditModule } from '../../src/index.js';

// STYLE.md §2.7: every plugin keeps the plugin contract (manifest, module, decisions, untouched contexts, failure mode)
describePluginContract(() => pluginFromModule('audit', auditModule()), { module: () => auditModule() });
