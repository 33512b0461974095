import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/index.js';

// the JSONL fixtures are data, not compiled: read them from the source tree
const data = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'agent-studio', ...args], {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: {},
  });
  return { code, out, err };
}

const SIX = ['EMAIL', 'PHONE', 'SSN', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'];

describe('agent-studio eval', function () {
  this.timeout(20_000);

  describe('pii', () => {
    it('prints exactly one JSON object with --json: per-type scores (overlap and exact), decoys, throughput', async () => {
      const { code, out, err } = await cli('eval', 'pii', '--data', data('pii.sample.jsonl'), '--json');
      expect(err).to.equal('');
      expect(code).to.equal(0);
      const result = JSON.parse(out) as {
        perType: Record<string, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
        exact: { perType: Record<string, { tp: number; fp: number; fn: number; precision: number; recall: number }> };
        decoyRows: number;
        decoyRowsHit: number;
        mbPerSecond: number;
        match: string;
      };
      expect(Object.keys(result).sort()).to.deep.equal(['decoyRows', 'decoyRowsHit', 'exact', 'match', 'mbPerSecond', 'perType']);
      expect(result.match).to.equal('overlap');
      expect(Object.keys(result.perType)).to.deep.equal(SIX);
      expect(Object.keys(result.exact.perType)).to.deep.equal(SIX);
      for (const type of SIX) {
        expect(result.perType[type], type).to.have.all.keys('tp', 'fp', 'fn', 'precision', 'recall');
        expect(result.perType[type]?.fn, type).to.equal(0);
        expect(result.perType[type]?.fp, type).to.equal(0);
      }
      expect(result.perType.PHONE?.tp).to.equal(2);
      expect(result.exact.perType.IBAN?.tp).to.equal(1);
      expect(result.decoyRows).to.equal(1);
      expect(result.decoyRowsHit).to.equal(0);
      expect(result.mbPerSecond).to.be.greaterThan(0);
    });

    it('prints a table without --json', async () => {
      const { code, out } = await cli('eval', 'pii', '--data', data('pii.sample.jsonl'));
      expect(code).to.equal(0);
      expect(out).to.match(/^PII evaluation of .*pii\.sample\.jsonl: 6 rows/);
      for (const type of SIX) expect(out).to.match(new RegExp(`^${type} +100\\.00% +100\\.00%`, 'm'));
      expect(out).to.include('decoy rows hit: 0 of 1 (0.00%)');
      expect(out).to.match(/throughput: [\d.]+ MB\/s/);
    });

    it('names the bad line in one error line, with no stack, and exits 1', async () => {
      const { code, out, err } = await cli('eval', 'pii', '--data', data('pii.badline.jsonl'), '--json');
      expect(code).to.equal(1);
      expect(out).to.equal('');
      expect(err.trim().split('\n')).to.have.length(1);
      expect(err).to.match(/^error EVAL_DATA_INVALID: .*pii\.badline\.jsonl line 3: not a valid row \(spans\.0\.type: /);
      expect(err).to.not.include('    at ');
    });

    it('reports a line that is not JSON', async () => {
      const { code, err } = await cli('eval', 'pii', '--data', data('pii.notjson.jsonl'));
      expect(code).to.equal(1);
      expect(err).to.match(/^error EVAL_DATA_INVALID: .* line 2: not JSON/);
    });

    it('reports a missing file', async () => {
      const { code, err } = await cli('eval', 'pii', '--data', 'nope/missing.jsonl');
      expect(code).to.equal(1);
      expect(err).to.equal('error EVAL_DATA_INVALID: Data file nope/missing.jsonl does not exist.\n');
    });

    it('requires --data (usage, exit 2)', async () => {
      const { code, err } = await cli('eval', 'pii', '--json');
      expect(code).to.equal(2);
      expect(err).to.include("required option '--data <file>' not specified");
    });
  });

  describe('prompt-safety', () => {
    it('prints the report as one JSON object with --json', async () => {
      const { code, out } = await cli('eval', 'prompt-safety', '--data', data('prompt.sample.jsonl'), '--scorer', 'parity', '--threshold', '0.5', '--json');
      expect(code).to.equal(0);
      const report = JSON.parse(out) as Record<string, unknown> & { rows: number; perCategory: Record<string, { rows: number; flagged: number }> };
      expect(report).to.include.all.keys('rows', 'tp', 'fp', 'tn', 'fn', 'tpr', 'fpr', 'f1', 'mbPerSecond', 'perCategory');
      expect(report.rows).to.equal(4);
      expect(report.perCategory.attack?.rows).to.equal(2);
      expect(report.perCategory.benign?.rows).to.equal(2);
    });

    it('prints a table without --json', async () => {
      const { code, out } = await cli('eval', 'prompt-safety', '--data', data('prompt.sample.jsonl'));
      expect(code).to.equal(0);
      expect(out).to.match(/^Prompt-safety evaluation of .*prompt\.sample\.jsonl: 4 rows, scorer default/);
      expect(out).to.match(/^benign +2 +\d+ +[\d.]+%$/m);
    });

    it('names the bad line (label must be 0 or 1)', async () => {
      const { code, err } = await cli('eval', 'prompt-safety', '--data', data('prompt.badline.jsonl'));
      expect(code).to.equal(1);
      expect(err).to.match(/^error EVAL_DATA_INVALID: .*prompt\.badline\.jsonl line 2: not a valid row \(label: /);
    });

    it('refuses a threshold outside 0..1 and an unknown scorer (usage, exit 2)', async () => {
      expect((await cli('eval', 'prompt-safety', '--data', data('prompt.sample.jsonl'), '--threshold', '2')).code).to.equal(2);
      expect((await cli('eval', 'prompt-safety', '--data', data('prompt.sample.jsonl'), '--scorer', 'strict')).code).to.equal(2);
    });
  });
});
