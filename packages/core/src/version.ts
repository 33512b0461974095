/**
 * The version of `@agent-studio/core`, checked against each plugin's `coreRange`.
 * @category Runtime
 */
export const CORE_VERSION = '0.1.0';
