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
  /** Resolves who the agent runs as; runs first. */
  Identity: 1000,
  /** Screens input for prompt injection. */
  PromptSafety: 900,
  /** Record-level access. */
  SharingRules: 800,
  /** Field-level security and type coercion. */
  FieldSecurity: 700,
  /** Tool order rules. */
  ToolDependencies: 600,
  /** Human in the loop. */
  Approvals: 500,
  /** Masks personal data going to the model. */
  PiiMasking: 400,
  /** Token ledger and budgets. */
  CostAccounting: 300,
  /** Captures the model's stated reasons. */
  Rationale: 200,
  /** Plugins with no particular place. */
  Default: 0,
} as const);
