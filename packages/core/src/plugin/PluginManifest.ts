/**
 * A plugin's identity and its place in the chain.
 * @category Plugins
 */
export interface PluginManifest {
  /** Kebab-case and unique, such as `sharing-rules`. */
  readonly name: string;
  /** The plugin's semver version. */
  readonly version: string;
  /** Higher runs earlier in `before*` hooks (and later in `after*` hooks); see {@link PluginPriority}. */
  readonly priority: number;
  /** Plugins that must be loaded with a higher priority. */
  readonly dependsOn?: readonly string[];
  /** `closed` (the default for enforcement): a throwing hook blocks. `open`: it is logged and skipped. */
  readonly failureMode: 'closed' | 'open';
  /** The semver range of `@agent-studio/core` the plugin works with. */
  readonly coreRange: string;
}

/**
 * The priorities of the shipped plugins. Higher runs first in `before*` hooks.
 * @category Plugins
 */
export const PluginPriority = Object.freeze({
  Identity: 1000,
  PromptSafety: 900,
  SharingRules: 800,
  FieldSecurity: 700,
  ToolDependencies: 600,
  Approvals: 500,
  PiiMasking: 400,
  CostAccounting: 300,
  Rationale: 200,
  Default: 0,
} as const);
