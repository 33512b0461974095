import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePii, type PiiEvalRow, type PiiEvalSpan, REF_HEAD_PII_CATALOG, SCORED_PII_ENTITY_TYPES } from '../../src/index.js';

/** A row whose spans are given by value (first occurrence). */
function row(text: string, spans: [string, string][], category = 'synthetic_pii'): PiiEvalRow {
  return {
    text,
    category,
    spans: spans.map(([value, type]): PiiEvalSpan => {
      const start = text.indexOf(value);
      return { start, end: start + value.length, type, value };
    }),
  };
}

describe(evaluatePii.name, function () {
  this.timeout(30_000);

  it('scores each of the six types under overlap and exact matching', () => {
    const result = evaluatePii([
      row('mail jane@acme.com now', [['jane@acme.com', 'EMAIL']]),
      // the labelled span is wider than what the masker takes: an overlap hit, not an exact one
      row('call +49 30 7228413 today', [['call +49 30 7228413', 'PHONE']]),
      // a missed phone and a predicted IP nobody labelled
      row('host 10.0.0.1 and 12345', [['12345', 'PHONE']]),
    ]);
    expect(result.match).to.equal('overlap');
    expect(Object.keys(result.perType)).to.deep.equal([...SCORED_PII_ENTITY_TYPES]);
    expect(result.perType.EMAIL).to.deep.equal({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(result.perType.PHONE).to.deep.equal({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(result.perType.IP_ADDRESS).to.deep.equal({ tp: 0, fp: 1, fn: 0, precision: 0, recall: 1 });
    expect(result.exact.perType.PHONE).to.deep.equal({ tp: 0, fp: 1, fn: 2, precision: 0, recall: 0 });
    expect(result.exact.perType.EMAIL.tp).to.equal(1);
    // nothing predicted, nothing labelled: both rates are 1
    expect(result.perType.IBAN).to.deep.equal({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(result.mbPerSecond).to.be.greaterThan(0);
  });

  it('matches one to one: a predicted span covering two labelled spans counts once', () => {
    const result = evaluatePii([row('SSN 536-22-1234', [['536-22', 'SSN'], ['1234', 'SSN']])]);
    expect(result.perType.SSN).to.include({ tp: 1, fp: 0, fn: 1 });
  });

  it('ignores other labelled types and the catalog entries of other types', () => {
    const result = evaluatePii([row('Jane Doe, acct: 12345678901', [['Jane Doe', 'PERSON']])]);
    for (const t of SCORED_PII_ENTITY_TYPES) expect(result.perType[t], t).to.include({ tp: 0, fp: 0, fn: 0 });
  });

  it('counts the decoy rows hit by any scored type', () => {
    const result = evaluatePii([
      row('Part number 000-19-1401 is out of stock.', [], 'synthetic_decoy'),
      row('Serial 4111 1111 1111 1112, firmware 303.0.3.3690.', [], 'synthetic_decoy'),
      row('Bad decoy 536-22-1234.', [], 'synthetic_decoy'),
      row('A real one: 536-22-1234.', [['536-22-1234', 'SSN']]),
    ]);
    expect(result.decoyRows).to.equal(3);
    expect(result.decoyRowsHit).to.equal(1);
    expect(evaluatePii([row('x 536-22-1234', [], 'mine')], { decoyCategories: ['mine'] }).decoyRowsHit).to.equal(1);
  });

  it('evaluates another catalog or a subset of categories', () => {
    const rows = [row('pay DE89370400440532013000 now', [['DE89370400440532013000', 'IBAN']])];
    expect(evaluatePii(rows).perType.IBAN.tp).to.equal(1);
    // REF-HEAD needs the keyword "IBAN"
    expect(evaluatePii(rows, { patterns: REF_HEAD_PII_CATALOG }).perType.IBAN.fn).to.equal(1);
    expect(evaluatePii(rows, { categories: ['Contact'] }).perType.IBAN.fn).to.equal(1);
  });

  it('accepts any iterable, including an empty one', () => {
    const result = evaluatePii((function* () {})());
    expect(result.decoyRows).to.equal(0);
    expect(result.mbPerSecond).to.equal(0);
  });

  // the DEV file lives outside the repository; the check runs where it is present
  const dev = join(process.env.AGENT_STUDIO_DATASETS ?? '/work/shared/datasets', 'pii.dev.jsonl');
  it('meets the targets on the DEV set: precision and recall ≥ 0.97 per type, ≤ 3% of decoy rows hit', function () {
    if (!existsSync(dev)) this.skip();
    const rows = readFileSync(dev, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as PiiEvalRow);
    const result = evaluatePii(rows);
    for (const t of SCORED_PII_ENTITY_TYPES) {
      expect(result.perType[t].precision, `${t} precision`).to.be.at.least(0.97);
      expect(result.perType[t].recall, `${t} recall`).to.be.at.least(0.97);
    }
    expect(result.decoyRowsHit / result.decoyRows).to.be.at.most(0.03);
  });
});
