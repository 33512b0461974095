import { expect } from 'chai';
import { AgentStudioError, CORE_VERSION, validatePlugins } from '../../../src/index.js';
import { manifest } from '../../helpers/fixtures.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : 'not-agent-studio';
  }
  return undefined;
}

describe('validatePlugins (STYLE §2.4 startup checks)', () => {
  it('refuses two plugins with one name', () => {
    expect(codeOf(() => validatePlugins([{ manifest: manifest('a', 1) }, { manifest: manifest('a', 2) }], CORE_VERSION))).to.equal('PLUGIN_DUPLICATE');
  });

  it('refuses a dependency that is not loaded', () => {
    expect(codeOf(() => validatePlugins([{ manifest: manifest('b', 1, { dependsOn: ['identity'] }) }], CORE_VERSION))).to.equal('PLUGIN_DEPENDENCY_MISSING');
  });

  it('refuses a dependency with a lower or equal priority', () => {
    const plugins = [{ manifest: manifest('identity', 100) }, { manifest: manifest('sharing', 800, { dependsOn: ['identity'] }) }];
    expect(codeOf(() => validatePlugins(plugins, CORE_VERSION))).to.equal('PLUGIN_ORDER_CONFLICT');
  });

  it('refuses a plugin whose coreRange excludes this core', () => {
    expect(codeOf(() => validatePlugins([{ manifest: manifest('old', 1, { coreRange: '^9.0.0' }) }], CORE_VERSION))).to.equal('CORE_VERSION_MISMATCH');
  });

  it('refuses a malformed manifest', () => {
    expect(codeOf(() => validatePlugins([{ manifest: manifest('Bad Name', 1) }], CORE_VERSION))).to.equal('PLUGIN_MANIFEST_INVALID');
    expect(codeOf(() => validatePlugins([{ manifest: manifest('x', 1, { failureMode: 'maybe' as never }) }], CORE_VERSION))).to.equal('PLUGIN_MANIFEST_INVALID');
  });

  it('sorts by priority, highest first, keeping registration order on ties', () => {
    const sorted = validatePlugins(
      [{ manifest: manifest('c', 5) }, { manifest: manifest('a', 10) }, { manifest: manifest('d', 5) }, { manifest: manifest('b', 7) }],
      CORE_VERSION,
    );
    expect(sorted.map((p) => p.manifest.name)).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('has a CORE_VERSION equal to the package version', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(CORE_VERSION).to.equal(pkg.version);
  });
});
