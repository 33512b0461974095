// Every security plugin, configured as the benchmarks run them: the data layer (SQLite in memory,
// a small security model), identity, sharing-rules, field-security, prompt-safety (block),
// pii-masking (standard), output-guard, tool-dependencies, rationale (on), cost-accounting
// (priced), approvals and audit (masked content).

const SECURITY_YAML = `
objects:
  Note:
    owd: Private
    fields:
      Title: { type: string, length: 80 }
      Body: { type: textarea, classification: Restricted }
roles:
  - { name: Boss }
  - { name: Staff, parent: Boss }
profiles:
  - name: Staff
    objects:
      Note: { read: true, edit: true }
    fields:
      Note.Title: { read: true, edit: true }
users:
  - { id: u-sam, name: Sam Staff, profile: Staff, role: Staff }
sharingRules:
  - { kind: criteria, name: notes-to-staff, object: Note, criteria: [{ field: Title, op: eq, value: shared }], to: { role: Staff }, access: Read }
`;

/**
 * The container modules of every security plugin.
 * @param {string} agent - the agent the dependency graph is for
 * @param {Record<string, unknown>} dependencies - its tool dependencies
 */
export async function allPluginModules(agent, dependencies) {
  const { createSqliteBackend, dataModule, ModelIndex } = await import('@agent-studio/data');
  const { approvalsModule } = await import('@agent-studio/plugin-approvals');
  const { auditModule } = await import('@agent-studio/plugin-audit');
  const { costAccountingModule } = await import('@agent-studio/plugin-cost-accounting');
  const { fieldSecurityModule } = await import('@agent-studio/plugin-field-security');
  const { identityModule } = await import('@agent-studio/plugin-identity');
  const { outputGuardModule } = await import('@agent-studio/plugin-output-guard');
  const { piiMaskingModule } = await import('@agent-studio/plugin-pii-masking');
  const { promptSafetyModule } = await import('@agent-studio/plugin-prompt-safety');
  const { rationaleModule } = await import('@agent-studio/plugin-rationale');
  const { sharingRulesModule } = await import('@agent-studio/plugin-sharing-rules');
  const { toolDependenciesModule } = await import('@agent-studio/plugin-tool-dependencies');
  const securityModel = ModelIndex.fromYaml(SECURITY_YAML);
  const backend = await createSqliteBackend({ filename: ':memory:' });
  await backend.open(securityModel);
  return [
    dataModule({ model: securityModel, backend }),
    identityModule(),
    sharingRulesModule(),
    fieldSecurityModule(),
    promptSafetyModule({ enabled: true, mode: 'block' }),
    piiMaskingModule({ preset: 'standard' }),
    outputGuardModule({ defaults: { maxReplyChars: 2_000 } }),
    toolDependenciesModule({ agents: { [agent]: { dependencies } } }),
    rationaleModule({ enabled: true }),
    costAccountingModule({ pricing: { 'scripted:m': { input: 0.15, output: 0.6 } } }),
    approvalsModule(),
    auditModule({ persistContent: 'masked' }),
  ];
}
