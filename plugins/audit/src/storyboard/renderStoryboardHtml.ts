import type { DecisionStep } from '../records/DecisionStep.js';
import type { Storyboard, StoryboardEntry, StoryboardRun, StoryboardTurn } from './Storyboard.js';
import { checkedPlugins, describePolicy, describeStatus, formatCost, formatMs, formatOffset, formatTokens, oneLine, sanitizeText } from './storyboardFormat.js';

/** The page's Content-Security-Policy: nothing may load; only the inline style applies. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** How a step looks: its tone (colour) and its marker. */
type Tone = 'ok' | 'fail' | 'decision' | 'wait' | 'model' | 'info';

/** Previews of stored text are cut to this many characters; the full text is in a `<details>`. */
const PREVIEW_CHARS = 160;

/**
 * Renders a {@link Storyboard} as one self-contained HTML page for someone who has never seen
 * the SDK: a summary card (who asked, who the run acted as, agent, model, status, duration,
 * tokens, cost, content policy and what it means), a short legend, then the timeline grouped by
 * turn, with each tool call's arguments and the model's rationale (R-RAT-3), each decision with
 * its plugin and reason, and errors highlighted; full content and the checks that passed are in
 * `<details>` elements.
 *
 * @remarks
 * The page has no script and loads nothing: inline CSS only, no external URL, and a
 * Content-Security-Policy of `default-src 'none'; style-src 'unsafe-inline'; img-src data:`.
 * Every stored string is HTML-escaped (R-ACT-OUT-3) after terminal control characters and
 * bidirectional overrides are removed, so trail content shows as text and never as markup.
 * @param story - the storyboard
 * @returns the HTML document
 * @example
 * ```ts
 * await writeFile('run.html', renderStoryboardHtml(buildStoryboard(steps)));
 * ```
 * @category Plugins
 */
export function renderStoryboardHtml(story: Storyboard): string {
  const run = story.run;
  const agent = run.agent ?? 'an agent';
  const title = `Run storyboard: ${agent} — ${oneLine(run.runId, 40)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@agent-studio/plugin-audit storyboard">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="page-head">
<p class="eyebrow">Agent Studio · audit storyboard</p>
<h1>What the agent <span class="agent">${esc(agent)}</span> did${run.originalUserId === null ? '' : ` for ${esc(run.originalUserId)}`}</h1>
<p class="sub">Run <code>${esc(run.runId)}</code> · started ${esc(formatDate(run.startedAt))}${run.endedAt > run.startedAt ? ` · last step ${esc(formatDate(run.endedAt))}` : ''}</p>
</header>
${summary(run)}
${legend()}
${story.turns.map(turnSection).join('\n')}
${footer(story)}
</main>
</body>
</html>
`;
}

function summary(run: StoryboardRun): string {
  const t = run.totals;
  const status = `${STATUS_MARK[run.status]} ${cap(describeStatus(run.status))}${run.errorCode === null ? '' : ` — ${esc(run.errorCode)}`}`;
  const actingNote =
    run.executionUserId === null
      ? ''
      : run.executionUserId === run.originalUserId
        ? 'Data was read and changed with the permissions of the user who asked.'
        : `Data was read and changed with the permissions of the agent's own user, on behalf of ${esc(run.originalUserId ?? 'the user')}.`;
  const rows: Array<[string, string, string?]> = [
    ['Who asked', esc(run.originalUserId ?? 'unknown'), [run.tenantId === null ? '' : `tenant ${esc(run.tenantId)}`, run.surface === null ? '' : `through the ${esc(run.surface)} surface`].filter((x) => x !== '').join(', ')],
    ['Acting as', esc(run.executionUserId ?? 'not recorded'), actingNote],
    ['Agent', esc(run.agent ?? 'unknown')],
    ['Model', esc(run.model ?? 'unknown'), run.provider === null ? '' : `through the ${esc(run.provider)} client`],
    ['Duration', esc(formatMs(run.durationMs)), run.invocations > 1 ? `running time over ${run.invocations} invocations (time spent waiting for a person is not counted)` : 'running time'],
    ['Tokens', `${t.promptTokens.toLocaleString('en-US')} in / ${t.completionTokens.toLocaleString('en-US')} out`, `${t.modelCalls} model call${t.modelCalls === 1 ? '' : 's'}, ${t.toolCalls} tool call${t.toolCalls === 1 ? '' : 's'}`],
    ['Cost', esc(formatCost(t.costUsd)), t.costUsd === null ? 'at least one model call has no price configured' : 'estimated from the configured prices'],
  ];
  const cells = rows.map(([k, v, note]) => `<div class="fact"><dt>${k}</dt><dd>${v}${note ? `<small>${note}</small>` : ''}</dd></div>`).join('\n');
  const policy = describePolicy(run.contentPolicy);
  const colon = policy.indexOf(':');
  return `<section class="summary tone-${STATUS_TONE[run.status]}" aria-label="Summary">
<p class="status">${status}</p>
<dl class="facts">
${cells}
</dl>
<p class="policy"><span class="label">Content policy</span> <b>${esc(policy.slice(0, colon))}</b> — ${esc(policy.slice(colon + 1).trim())}</p>
</section>`;
}

function legend(): string {
  const item = (tone: Tone, text: string) => `<li><span class="icon tone-${tone}" aria-hidden="true">${TONE_MARK[tone]}</span> ${text}</li>`;
  return `<section class="legend" aria-label="How to read this page">
<h2>How to read this page</h2>
<p>Each line is one step of the run, in order. The time on the left is how long after the start of the run it happened. A <em>turn</em> is one round trip to the AI model: the model reads the conversation, then answers or asks for tools (actions on your data). Plugins check every request, tool call and result; their decisions are shown with the reason they gave.</p>
<ul>
${item('ok', 'succeeded')}
${item('fail', 'failed or refused')}
${item('decision', 'a plugin changed or decided something')}
${item('wait', 'waiting for a person')}
${item('model', 'talking to the model')}
${item('info', 'information')}
</ul>
</section>`;
}

function turnSection(turn: StoryboardTurn): string {
  const failed = turn.entries.some((e) => !e.step.success);
  return `<section class="turn${failed ? ' has-failure' : ''}">
<h2>${esc(turn.heading)}</h2>
<ol class="steps">
${turn.entries.map(stepItem).join('\n')}
</ol>
</section>`;
}

function stepItem(entry: StoryboardEntry): string {
  const s = entry.step;
  const tone = toneOf(s);
  const parts: string[] = [];
  const meta = metaOf(s);
  parts.push(`<h3 class="title">${esc(s.title)}</h3>`);
  if (meta !== '') parts.push(`<p class="meta">${esc(meta)}</p>`);
  const decided = (s.stepType === 'POLICY_DECISION' || s.stepType === 'SAFETY_BLOCKED' || s.stepType === 'APPROVAL_REQUESTED') && s.plugin !== undefined;
  if (!decided) parts.push(`<p class="desc">${esc(s.description)}</p>`);
  const content = s.content ?? null;
  switch (s.stepType) {
    case 'USER_INPUT':
      parts.push(content === null ? notStored('The message') : `<blockquote class="quote"><span class="label">Message</span>${esc(content)}</blockquote>`);
      break;
    case 'FINAL_RESPONSE':
      parts.push(content === null ? notStored('The reply') : `<blockquote class="quote"><span class="label">Reply</span>${esc(content)}</blockquote>`);
      break;
    case 'SYSTEM_PROMPT_BUILT':
      parts.push(content === null ? notStored('The instructions') : preview('Instructions', content));
      break;
    case 'TOOL_SELECTED':
      parts.push(content === null ? notStored('The arguments') : preview('Arguments', content));
      parts.push(
        typeof s.rationale === 'string'
          ? `<blockquote class="why"><span class="label">Why the model chose it</span>${esc(s.rationale)}</blockquote>`
          : `<p class="why none">The model gave no reason for this call.</p>`,
      );
      break;
    case 'TOOL_RESULT':
      parts.push(content === null ? notStored('The result') : preview(s.success ? 'Result' : 'Error returned to the model', content));
      break;
    case 'POLICY_DECISION':
    case 'SAFETY_BLOCKED':
    case 'APPROVAL_REQUESTED': {
      const by = [s.plugin === undefined ? '' : s.plugin === 'runtime' ? 'Decided by <b>the runtime</b>' : `Decided by plugin <b>${esc(s.plugin)}</b>`, s.hook === undefined ? '' : `in <code>${esc(s.hook)}</code>`, s.errorCode === undefined ? '' : `with code <code class="code">${esc(s.errorCode)}</code>`].filter((x) => x !== '');
      if (by.length > 0) parts.push(`<p class="decision">${by.join(' ')}</p>`);
      if (typeof s.reason === 'string') parts.push(`<p class="reason"><span class="label">Reason</span>${esc(s.reason)}</p>`);
      break;
    }
    default:
      if (s.errorCode !== undefined) parts.push(`<p class="decision">Code <code class="code">${esc(s.errorCode)}</code></p>`);
      break;
  }
  if (s.checks !== undefined && s.checks.length > 0) {
    parts.push(
      `<details class="checks"><summary>Checks passed: ${esc(checkedPlugins(s.checks).join(', '))}</summary><ul>${s.checks.map((c) => `<li><code>${esc(c)}</code></li>`).join('')}</ul></details>`,
    );
  }
  return `<li class="step tone-${tone}">
<div class="when">${esc(formatOffset(entry.offsetMs))}</div>
<div class="icon" aria-hidden="true">${TONE_MARK[tone]}</div>
<div class="what">${parts.join('\n')}</div>
</li>`;
}

/** A one-line preview, and the full (pretty-printed when JSON) text in a `<details>` when it differs. */
function preview(label: string, content: string): string {
  const short = oneLine(content, PREVIEW_CHARS);
  const head = `<p class="content"><span class="label">${label}</span><code>${esc(short)}</code></p>`;
  if (short === sanitizeText(content)) return head;
  const full = pretty(content);
  return `${head}<details class="full"><summary>Full ${label.toLowerCase()}</summary><pre>${esc(full)}</pre></details>`;
}

function notStored(what: string): string {
  return `<p class="content none">${what} is not stored under this run's content policy.</p>`;
}

function pretty(content: string): string {
  const text = sanitizeText(content);
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return JSON.stringify(value, null, 2);
  } catch {
    // not JSON: shown as it is
  }
  return text;
}

function footer(story: Storyboard): string {
  const t = story.run.totals;
  return `<footer class="totals">
<h2>Totals</h2>
<p>${t.modelCalls} model call${t.modelCalls === 1 ? '' : 's'} · ${t.toolCalls} tool call${t.toolCalls === 1 ? '' : 's'} · ${esc(formatTokens(t.promptTokens, t.completionTokens))} · cost ${esc(formatCost(t.costUsd))} · ${esc(formatMs(story.run.durationMs))}</p>
<p class="small">${story.steps} step${story.steps === 1 ? '' : 's'} shown${story.skipped > 0 ? ` · <b>${story.skipped} step${story.skipped === 1 ? '' : 's'} could not be read and ${story.skipped === 1 ? 'is' : 'are'} left out</b>` : ''}. Generated from the run's audit trail; text is shown as it was stored, under the content policy above.</p>
</footer>`;
}

function metaOf(s: DecisionStep): string {
  const parts: string[] = [];
  if (s.durationMs !== undefined) parts.push(formatMs(s.durationMs));
  if (s.stepType === 'LLM_RESPONSE') {
    parts.push(formatTokens(s.promptTokens ?? 0, s.completionTokens ?? 0));
    parts.push(formatCost(s.costUsd));
  }
  return parts.join(' · ');
}

function toneOf(s: DecisionStep): Tone {
  if (!s.success) return 'fail';
  switch (s.stepType) {
    case 'TOOL_RESULT':
    case 'FINAL_RESPONSE':
      return 'ok';
    case 'POLICY_DECISION':
      return 'decision';
    case 'APPROVAL_REQUESTED':
    case 'RUN_SUSPENDED':
      return 'wait';
    case 'SAFETY_BLOCKED':
    case 'RUN_BLOCKED':
    case 'ERROR':
      return 'fail';
    case 'LLM_REQUEST':
    case 'LLM_RESPONSE':
    case 'TOOL_SELECTED':
      return 'model';
    default:
      return 'info';
  }
}

const TONE_MARK: Readonly<Record<Tone, string>> = { ok: '✓', fail: '✗', decision: '◆', wait: '‖', model: '↔', info: '•' };
const STATUS_TONE = { completed: 'ok', suspended: 'wait', blocked: 'fail', failed: 'fail', running: 'info' } as const satisfies Record<StoryboardRun['status'], Tone>;
const STATUS_MARK: Readonly<Record<StoryboardRun['status'], string>> = { completed: '✓', suspended: '‖', blocked: '✗', failed: '✗', running: '…' };

/** HTML-escapes stored text (R-ACT-OUT-3), after removing control characters. */
function esc(text: string): string {
  return sanitizeText(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function cap(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

function formatDate(at: number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? 'an unknown time' : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d232b;--muted:#5b6573;--line:#dde2e8;--ok:#1a7f37;--ok-bg:#eaf6ec;--fail:#c62828;--fail-bg:#fdecec;--decision:#9a6700;--decision-bg:#fff6e0;--wait:#8250df;--wait-bg:#f3eefe;--model:#0b62c4;--model-bg:#e8f1fc;--info:#6b7480;--info-bg:#eef0f3}
*{box-sizing:border-box}
html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0}
main{max-width:980px;margin:0 auto;padding:28px 24px 48px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f4f6;border:1px solid var(--line);border-radius:6px;padding:10px;margin:6px 0 0;max-height:360px;overflow:auto}
h1{font-size:1.6rem;margin:.2rem 0 .3rem;line-height:1.25}
h1 .agent{color:var(--model)}
h2{font-size:1.1rem;margin:0 0 .6rem}
.eyebrow{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.06em;text-transform:uppercase}
.sub{margin:0;color:var(--muted);font-size:.9rem}
.sub code{word-break:break-all}
.summary,.legend,.turn,.totals{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin-top:18px}
.summary{border-top:5px solid var(--info)}
.summary.tone-ok{border-top-color:var(--ok)}.summary.tone-fail{border-top-color:var(--fail)}.summary.tone-wait{border-top-color:var(--wait)}
.status{font-size:1.15rem;font-weight:650;margin:0 0 12px}
.summary.tone-ok .status{color:var(--ok)}.summary.tone-fail .status{color:var(--fail)}.summary.tone-wait .status{color:var(--wait)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px 20px;margin:0}
.fact dt{font-size:.75rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.fact dd{margin:0;font-weight:600;word-break:break-word}
.fact small,.policy small{display:block;font-weight:400;color:var(--muted);font-size:.82rem}
.policy{margin:14px 0 0;padding-top:12px;border-top:1px solid var(--line)}
.label{display:block;font-size:.72rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600;margin-bottom:2px}
.policy .label{display:inline;margin-right:6px}
.legend p{margin:0 0 8px;color:var(--muted)}
.legend ul{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;margin:0;padding:0;font-size:.9rem}
.legend .icon{display:inline-grid;width:1.4em;height:1.4em;place-items:center;border-radius:50%;font-size:.8rem}
.turn h2{padding-bottom:8px;border-bottom:1px solid var(--line)}
.turn.has-failure h2{color:var(--fail)}
.steps{list-style:none;margin:0;padding:0}
.step{display:grid;grid-template-columns:88px 30px 1fr;gap:0 10px;padding:10px 0;border-bottom:1px dashed var(--line);break-inside:avoid}
.step:last-child{border-bottom:0}
.when{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;color:var(--muted);text-align:right;padding-top:3px;white-space:nowrap}
.step .icon{width:26px;height:26px;border-radius:50%;display:grid;place-items:center;font-weight:700;font-size:.85rem}
.tone-ok .icon,.icon.tone-ok{background:var(--ok-bg);color:var(--ok)}
.tone-fail .icon,.icon.tone-fail{background:var(--fail-bg);color:var(--fail)}
.tone-decision .icon,.icon.tone-decision{background:var(--decision-bg);color:var(--decision)}
.tone-wait .icon,.icon.tone-wait{background:var(--wait-bg);color:var(--wait)}
.tone-model .icon,.icon.tone-model{background:var(--model-bg);color:var(--model)}
.tone-info .icon,.icon.tone-info{background:var(--info-bg);color:var(--info)}
.step.tone-fail{background:var(--fail-bg);border-radius:8px;border:1px solid #f3b9b9;margin:4px 0}
.step.tone-fail .title{color:var(--fail)}
.what{min-width:0}
.title{font-size:1rem;margin:0;line-height:1.35}
.meta{margin:2px 0 0;font-size:.82rem;color:var(--muted)}
.desc{margin:2px 0 0;color:var(--muted);font-size:.9rem}
.content,.decision,.reason{margin:6px 0 0;font-size:.92rem}
.content code{display:block;white-space:pre-wrap;word-break:break-word;background:#f3f4f6;border-radius:5px;padding:5px 8px}
.content.none,.why.none{color:var(--muted);font-style:italic}
.quote,.why{margin:8px 0 0;padding:8px 12px;border-left:4px solid var(--line);background:#fafbfc;border-radius:0 6px 6px 0;white-space:pre-wrap;word-break:break-word}
.why{border-left-color:var(--model);background:var(--model-bg)}
p.why.none{border:0;background:none;padding:0}
.reason{padding:6px 10px;background:var(--decision-bg);border-radius:6px}
.tone-fail .reason{background:#fff}
.code{color:var(--fail);font-weight:600}
details{margin-top:6px;font-size:.88rem}
summary{cursor:pointer;color:var(--muted)}
details ul{margin:4px 0 0;padding-left:20px}
.totals p{margin:0 0 4px}
.small{font-size:.85rem;color:var(--muted)}
@media (max-width:640px){.step{grid-template-columns:64px 26px 1fr}main{padding:16px 10px}}
@media print{html{background:#fff;font-size:12px}main{max-width:none;padding:0}.summary,.legend,.turn,.totals{border-color:#bbb;break-inside:auto}.step{break-inside:avoid}pre{max-height:none}summary{color:#000}}
`;
