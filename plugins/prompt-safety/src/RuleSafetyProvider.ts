import type { ThreatIndicator } from './Assessment.js';
import { DEFAULT_JAILBREAK_CATALOG } from './catalog/defaultCatalog.js';
import type { JailbreakPattern } from './catalog/JailbreakPattern.js';
import { decodePayloads, hasSuspiciousKeyword } from './engine/decoding.js';
import { analyzeHeuristics, FAMILY_STARTS, type HeuristicResult } from './engine/heuristics.js';
import { JailbreakPatternMatcher, type PatternMatch } from './engine/JailbreakPatternMatcher.js';
import { type Candidates, StartIndex } from './engine/StartIndex.js';
import { analyzeStructure, SPLIT_WORD_STARTS, type StructureResult } from './engine/structure.js';
import { HashedLogisticClassifier } from './classifier/HashedLogisticClassifier.js';
import { calibrateClassifierScore, type InjectionClassifier } from './InjectionClassifier.js';
import type { Detection, DetectionRequest, SafetyProvider } from './SafetyProvider.js';

/** R-SAFE-17: a pattern score at or above this skips layers 2 and 3. */
const SERVICE_EARLY_EXIT = 0.85;
/** R-SAFE-18: layer weights of the parity scorer. */
const W_PATTERN = 0.4;
const W_HEURISTIC = 0.35;
const W_STRUCTURAL = 0.25;

/**
 * Options of {@link RuleSafetyProvider}.
 * @category Plugins
 */
export interface RuleSafetyProviderOptions {
  /** The layer-1 catalog; default {@link DEFAULT_JAILBREAK_CATALOG}. */
  readonly catalog?: readonly JailbreakPattern[];
  /** An injection classifier for the `default` scorer. */
  readonly classifier?: InjectionClassifier;
}

/**
 * The built-in three-layer engine (SPEC §6.2-6.5) as a {@link SafetyProvider}: patterns,
 * heuristics and structure, combined by one of two scorers.
 *
 * - `parity` (R-SAFE-17/18): the reference's weighted mean `0.40·P + 0.35·H + 0.25·S`, ×1.2 when
 *   two layers exceed 0.3, with the service-level early exit at a pattern score of 0.85. It
 *   reproduces the SPEC §13.2 vectors exactly, weaknesses included.
 * - `default` (DESIGN §3): the maximum over calibrated layers, so one strong signal is enough; a
 *   small bonus when several layers agree; nested base64/hex/escape payloads are decoded and run
 *   through layer 1; the safe-context discount (R-SAFE-12) does not apply; and, when a classifier
 *   is configured, `max(rules, calibrated classifier score)`.
 *
 * Synchronous and CPU-bound; every step is linear in the text's length.
 * @category Plugins
 */
export class RuleSafetyProvider implements SafetyProvider {
  /** Always `rules`. */
  readonly name = 'rules';
  /** The catalog version plus the classifier version. */
  readonly version: string;
  /** The layer-1 matcher. */
  readonly matcher: JailbreakPatternMatcher;
  readonly #classifier: InjectionClassifier | undefined;
  /** The shipped classifier type scores the lower-cased copy the layers share (same result as `score`). */
  readonly #scoreLower: ((lower: string) => number) | undefined;
  /** One start index for layer 1's entries and layer 2's families: one pass finds both. */
  readonly #index: StartIndex;
  readonly #patternCount: number;

  /**
   * @param options - the catalog and an optional classifier
   */
  constructor(options: RuleSafetyProviderOptions = {}) {
    this.matcher = new JailbreakPatternMatcher(options.catalog ?? DEFAULT_JAILBREAK_CATALOG);
    this.#classifier = options.classifier;
    const classifier = options.classifier;
    this.#scoreLower =
      classifier instanceof HashedLogisticClassifier && classifier.score === HashedLogisticClassifier.prototype.score ? (lower) => classifier.scoreLower(lower) : undefined;
    const literals = this.matcher.startLiterals;
    this.#patternCount = literals.length;
    this.#index = new StartIndex([...literals, ...FAMILY_STARTS, ...SPLIT_WORD_STARTS]);
    this.version = `${this.matcher.version}${options.classifier ? `+${options.classifier.version}` : ''}`;
  }

  /**
   * Scores one text.
   * @param text - the text
   * @param request - the scorer, the categories and the threshold
   * @returns the detection
   */
  detect(text: string, request: DetectionRequest): Detection {
    return request.scorer === 'parity' ? this.#parity(text, request) : this.#strict(text, request);
  }

  /** Both layers' candidate positions on the lower-cased text, in one pass (when offsets line up). */
  #positions(text: string, lower: string): { patterns?: Candidates; families?: Candidates; splitWords?: Candidates } {
    if (lower.length !== text.length) return {};
    const all = this.#index.positions(lower);
    return { patterns: all, families: all.from(this.#patternCount), splitWords: all.from(this.#patternCount + FAMILY_STARTS.length) };
  }

  #parity(text: string, request: DetectionRequest): Detection {
    const lower = text.toLowerCase();
    const at = this.#positions(text, lower);
    const scan = this.matcher.scan(text, { scorer: 'parity', categories: request.categories, lower, ...(at.patterns ? { positions: at.patterns } : {}) });
    const pattern = JailbreakPatternMatcher.aggregate(scan.matches);
    const indicators: ThreatIndicator[] = scan.matches.map((m) => patternIndicator(text, m));
    if (pattern >= SERVICE_EARLY_EXIT) {
      return { score: Math.min(1, pattern), indicators, earlyExit: true, layers: { pattern, heuristic: 0, structural: 0 }, truncated: scan.truncated };
    }
    const h = analyzeHeuristics(text, lower, { mode: 'parity', ...(at.families ? { familyPositions: at.families } : {}) });
    const s = analyzeStructure(text, lower, at.splitWords);
    indicators.push(...h.indicators, ...s.indicators);
    let score = (pattern * W_PATTERN + h.score * W_HEURISTIC + s.score * W_STRUCTURAL) / (W_PATTERN + W_HEURISTIC + W_STRUCTURAL);
    const detecting = (pattern > 0.3 ? 1 : 0) + (h.score > 0.3 ? 1 : 0) + (s.score > 0.3 ? 1 : 0);
    if (detecting >= 2) score *= 1.2;
    return { score: clamp01(score), indicators, earlyExit: false, layers: { pattern, heuristic: h.score, structural: s.score }, truncated: scan.truncated };
  }

  #strict(text: string, request: DetectionRequest): Detection {
    const lower = text.toLowerCase();
    const at = this.#positions(text, lower);
    const scan = this.matcher.scan(text, { scorer: 'default', categories: request.categories, lower, ...(at.patterns ? { positions: at.patterns } : {}) });
    const indicators: ThreatIndicator[] = scan.matches.map((m) => patternIndicator(text, m));
    const pattern = strictPatternScore(scan.matches);
    if (scan.earlyExit) {
      return { score: pattern, indicators, earlyExit: true, layers: { pattern, heuristic: 0, structural: 0 }, truncated: scan.truncated };
    }
    const h = analyzeHeuristics(text, lower, { mode: 'default', ...(at.families ? { familyPositions: at.families } : {}) });
    const s = analyzeStructure(text, lower, at.splitWords);
    indicators.push(...h.indicators, ...s.indicators);
    const heuristic = strictHeuristicScore(h);
    const payload = this.#payloadScore(text, request, indicators, s);
    const structural = strictStructuralScore(s, payload);
    let score = combine([pattern, heuristic, structural]);
    const layers: { pattern: number; heuristic: number; structural: number; classifier?: number } = { pattern, heuristic, structural };
    if (this.#classifier) {
      const probability = this.#scoreLower ? this.#scoreLower(lower) : this.#classifier.score(text);
      layers.classifier = probability;
      const mapped = calibrateClassifierScore(probability, this.#classifier.threshold, request.threshold);
      if (probability >= this.#classifier.threshold) {
        indicators.push({ type: 'Classifier', category: 'Classifier', name: 'InjectionClassifier', description: 'The injection classifier rated the text an injection', score: probability });
      }
      score = Math.max(score, mapped);
    }
    return { score: clamp01(score), indicators, earlyExit: false, layers, truncated: scan.truncated };
  }

  /**
   * Nested decoding (SDK): payloads hidden in base64, hex or escapes are decoded (up to 3 deep) and
   * run through layer 1; an attack phrase inside an encoding scores as the phrase itself, a bit more.
   */
  #payloadScore(text: string, request: DetectionRequest, indicators: ThreatIndicator[], s: StructureResult): number {
    let best = 0;
    for (const p of decodePayloads(text, {}, s.runs, s.escapes)) {
      const scan = this.matcher.scan(p.text, { scorer: 'default', categories: request.categories });
      const severity = strictPatternScore(scan.matches);
      let score = severity >= 0.3 ? Math.min(1, severity + 0.1) : 0;
      if (score === 0 && p.encoding !== 'escapes' && hasSuspiciousKeyword(p.text.toLowerCase())) score = 0.45;
      if (score > 0 && p.depth > 1) score = Math.min(1, score + 0.1);
      if (score > 0) {
        const names = [...new Set(scan.matches.map((m) => m.name))].join(', ') || 'suspicious keywords';
        indicators.push({
          type: 'Structural',
          category: 'EncodingAttack',
          name: `Decoded${p.encoding === 'base64' ? 'Base64' : p.encoding === 'hex' ? 'Hex' : 'Escapes'}Payload`,
          description: `A ${p.encoding} payload (depth ${p.depth}) decodes to: ${names}`,
          score,
        });
      }
      if (score > best) best = score;
    }
    return best;
  }
}

/** R-SAFE-19: pattern indicators carry the match, cut to 47 characters + "..." when longer than 50. */
function patternIndicator(text: string, m: PatternMatch): ThreatIndicator {
  const matched = text.slice(m.start, m.end);
  return {
    type: 'Pattern',
    category: m.category,
    name: m.name,
    description: m.description,
    score: m.severity,
    matchedText: matched.length > 50 ? `${matched.slice(0, 47)}...` : matched,
    start: m.start,
    end: m.end,
  };
}

/** Default scorer, layer 1: the reference aggregate over calibrated severities, plus 0.15 when two categories agree. */
function strictPatternScore(matches: readonly PatternMatch[]): number {
  const base = JailbreakPatternMatcher.aggregate(matches);
  if (matches.length < 2) return base;
  const categories = new Set(matches.map((m) => m.category));
  return Math.min(1, base + (categories.size >= 2 ? 0.15 : 0));
}

const OVERRIDE_CURVE = [0, 0.3, 0.6, 0.8, 0.9, 1];
const ROLE_CURVE = [0, 0.15, 0.35, 0.6, 0.8, 1];

/** Default scorer, layer 2: calibrated family counts, no safe-context discount. */
function strictHeuristicScore(h: HeuristicResult): number {
  const override = OVERRIDE_CURVE[Math.min(h.overrideFamilies, 5)] as number;
  const role = ROLE_CURVE[Math.min(h.roleFamilies, 5)] as number;
  const delimiter = Math.min(1, 0.45 * h.strongMarkers + 0.1 * h.weakMarkers);
  const parts = [override, role, delimiter, h.scores.repetition * 0.8, h.scores.unicodeAbuse, h.densityRaw * 0.8];
  let score = combine(parts);
  if (override > 0 && role > 0) score = Math.min(1, score + 0.15);
  return score;
}

/** Default scorer, layer 3: the reference sub-scores, re-weighted, plus the decoded payloads. */
function strictStructuralScore(s: StructureResult, payload: number): number {
  const { codeBlockAbuse, lengthAnomaly, encoding, ngramSimilarity, anomalies, unicodeEscapes } = s.scores;
  return combine([
    codeBlockAbuse > 0 ? Math.min(1, codeBlockAbuse + 0.2) : 0,
    lengthAnomaly * 0.5,
    Math.max(encoding * 0.8, payload),
    ngramSimilarity,
    anomalies * 0.5,
    unicodeEscapes,
  ]);
}

/**
 * A part counts as agreeing at 0.4: the heuristics see many of the phrases layer 1 sees, so one
 * phrase must not count twice at the weakest level.
 */
const AGREEING = 0.4;

/** The maximum, plus 0.1 for every other part at or above {@link AGREEING}. */
function combine(parts: readonly number[]): number {
  let max = 0;
  let strong = 0;
  for (const p of parts) {
    if (p > max) max = p;
    if (p >= AGREEING) strong += 1;
  }
  return clamp01(max + 0.1 * Math.max(0, strong - 1));
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1;
}
