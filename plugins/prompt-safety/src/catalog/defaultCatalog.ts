import type { JailbreakPattern } from './JailbreakPattern.js';

// Building blocks, kept small so each regex below reads as its phrase family. Every piece is a
// fixed word or a single `\s+` between words, so each regex runs in linear time.
const APOS = "['\u2019]";
const GRANDPARENT = String.raw`(?:(?:dead|late|deceased|dear)\s+)?(?:grandma|grandmother|granny|nana)`;
const IGNORE_VERB = `(?:ignore|disregard|forget|override)`;
const OVERRIDE_DET = `(?:the|your|my|these|those|this|its)`;
const OVERRIDE_QUAL = `(?:previous|prior|preceding|above|earlier|original|initial|system)`;
const OVERRIDE_NOUN = `(?:instructions?|prompts?|rules|guidelines|programming|directives?)`;
/** Special tokens of other chat templates (Llama 3, Gemma, Mistral, ChatML, GPT-OSS, code models). */
const TEMPLATE_TOKENS: readonly string[] = [
  ...['endoftext', 'eot_id', 'eom_id', 'start_header_id', 'end_header_id', 'begin_of_text', 'end_of_text', 'im_sep', 'developer', 'channel', 'message', 'start', 'end', 'return', 'call', 'python_tag', 'fim_prefix', 'fim_middle', 'fim_suffix'].map((t) => `<|${t}|>`),
  '<start_of_turn>',
  '<end_of_turn>',
  ...['system_prompt', 'available_tools', 'tool_results', 'tool_calls'].flatMap((t) => [`[${t}]`, `[/${t}]`]),
];
const WEAK_MOD = `(?:all|any|of|the|my|these|those|this|every)`;
const STRONG_MOD = `(?:your|previous|prior|preceding|above|earlier|original|initial|usual|old|existing|system|default|programmed|current)`;
const LEAK_VERB = String.raw`(?:repeat|print|output|reveal|show|display|tell|give|dump|leak|disclose|recite|spell\s+out|write\s+out)`;
const LEAK_SOFT_VERB = `(?:translate|summari[sz]e|paraphrase|explain|list|convert|rewrite|encode|describe)`;
const LEAK_SOFT_STRONG = `(?:your|initial|original|system|hidden|secret)`;
const LEAK_WEAK = `(?:me|us|all|of|the|full|entire|exact|complete|whole|these|those)`;
const LEAK_STRONG = `(?:your|initial|original|system|hidden|secret|above|previous|prior|preceding)`;
const LEAK_NOUN = String.raw`(?:instructions|prompt|system\s+prompt|pre-?prompt|ruleset|configuration|directives)`;

/**
 * The shipped layer-1 catalog (R-SAFE-8): the reference framework's twelve phrase families with
 * their categories, severities and priorities, written as our own regexes, plus a few SDK entries
 * that only the `default` scorer uses (more chat-template tokens; "ignore the above"). Every entry
 * is case-insensitive; `calibratedSeverity` is what the `default` scorer uses, where a family is
 * also common in benign text (role-play requests, "debug mode").
 * @category Plugins
 */
export const DEFAULT_JAILBREAK_CATALOG: readonly JailbreakPattern[] = Object.freeze([
  {
    name: 'ActAsDAN',
    category: 'RoleManipulation',
    severity: 0.95,
    priority: 5,
    description: 'Asks the model to become "DAN" or another jailbroken persona.',
    regex: String.raw`\byou(?:\s+are|${APOS}re)\s+now\s+dan\b|\b(?:act|acting|behave)\s+as\s+(?:a\s+)?dan\b|\bdan\s+mode\b|\byou(?:\s+are|${APOS}re)\s+(?:now\s+)?jailbroken\b|\bjailbreak(?:ed)?\s+mode\b`,
    starts: ['you', 'act', 'acting', 'behave', 'dan', 'jailbreak*'],
    anchors: ['dan', 'jailbr'],
  },
  {
    name: 'BypassFilters',
    category: 'InstructionOverride',
    severity: 0.9,
    priority: 5,
    description: 'Asks the model to bypass or disable its safety, content or ethics filters.',
    regex: String.raw`\b(?:bypass(?:ing)?|disabl(?:e|ing)|turn(?:ing)?\s+off|switch(?:ing)?\s+off|deactivat(?:e|ing)|circumvent(?:ing)?)\s+(?:(?:all|any)\s+)?(?:(?:of\s+)?(?:your|the|its|my|these|those)\s+)?(?:safety|content|ethical|ethics|moderation)\s+(?:filters?|polic(?:y|ies)|checks?|guidelines|guardrails|restrictions|protocols)\b`,
    starts: ['bypass*', 'disabl*', 'turn*', 'switch*', 'deactivat*', 'circumvent*'],
    anchors: ['bypass', 'disabl', 'turn', 'switch', 'deactivat', 'circumvent'],
  },
  {
    name: 'DelimiterInjection',
    category: 'DelimiterInjection',
    severity: 0.9,
    priority: 5,
    description: 'Contains chat-template tokens that fake a system or role boundary.',
    // `### system` matches from the word (the lookbehind checks the hashes): runs of `#` start nothing
    regex: String.raw`\[\/?inst\]|<<\/?sys>>|<\|(?:system|user|assistant|im_start|im_end)\|>|(?<=###[ \t]*)system\b`,
    starts: ['[inst]', '[/inst]', '<<sys>>', '<</sys>>', '<|system|>', '<|user|>', '<|assistant|>', '<|im_start|>', '<|im_end|>', 'system'],
    anchors: ['[inst]', '[/inst]', '<<sys>>', '<</sys>>', '<|system|>', '<|user|>', '<|assistant|>', '<|im_start|>', '<|im_end|>', '###'],
  },
  {
    name: 'ChatTemplateTokens',
    category: 'DelimiterInjection',
    severity: 0.9,
    priority: 5,
    description: 'Contains special tokens of other chat templates (Llama 3, Gemma, Mistral, ChatML, GPT-OSS).',
    regex: `${TEMPLATE_TOKENS.map((t) => t.replace(/[[\]|/]/g, (c) => `\\${c}`)).join('|')}`,
    starts: TEMPLATE_TOKENS,
    scorers: ['default'],
  },
  {
    name: 'DeveloperMode',
    category: 'RoleManipulation',
    severity: 0.85,
    priority: 10,
    description: 'Asks the model to enter a developer, debug, sudo or unrestricted mode.',
    regex: String.raw`\b(?:enable|enabling|activate|activating|enter|entering|unlock|switch\s+to|turn\s+on)\s+(?:the\s+)?developer\s+mode\b|\bdeveloper\s+mode\s+(?:is\s+)?(?:on|enabled|activated)\b|\b(?:debug|sudo|admin|god|maintenance|unrestricted)\s+mode\b`,
    starts: ['enabl*', 'activat*', 'enter*', 'unlock', 'switch', 'turn', 'developer', 'debug', 'sudo', 'admin', 'god', 'maintenance', 'unrestricted'],
    anchors: ['mode'],
    // "debug mode" and "admin mode" are everyday words in software text (DeveloperModeOn takes the rest)
    calibratedSeverity: 0.4,
  },
  {
    name: 'DeveloperModeOn',
    category: 'RoleManipulation',
    severity: 0.85,
    priority: 10,
    description: 'Switches on a developer, sudo, god or unrestricted mode.',
    regex: String.raw`\b(?:enable|enabling|activate|activating|enter|entering|unlock|switch\s+to|turn\s+on)\s+(?:the\s+)?(?:developer|dev|sudo|god|jailbreak|unrestricted|dan)\s+mode\b|\b(?:developer|sudo|god|unrestricted)\s+mode\s+(?:is\s+)?(?:on|enabled|activated|unlocked)\b|\b(?:sudo|god|unrestricted)\s+mode\b`,
    starts: ['enabl*', 'activat*', 'enter*', 'unlock', 'switch', 'turn', 'developer', 'sudo', 'god', 'unrestricted'],
    scorers: ['default'],
  },
  {
    name: 'IgnorePrevious',
    category: 'InstructionOverride',
    severity: 0.9,
    priority: 10,
    description: 'Asks the model to ignore, disregard or forget its previous instructions.',
    regex: String.raw`\b${IGNORE_VERB}\s+(?:(?:all|any|every)\s+(?:of\s+)?(?:${OVERRIDE_DET}\s+)?(?:${OVERRIDE_QUAL}\s+)?|${OVERRIDE_DET}\s+(?:${OVERRIDE_QUAL}\s+)?|${OVERRIDE_QUAL}\s+)${OVERRIDE_NOUN}\b`,
    starts: ['ignore', 'disregard', 'forget', 'override'],
    anchors: ['ignor', 'disregard', 'forget', 'overrid'],
  },
  {
    name: 'IgnoreAbove',
    category: 'InstructionOverride',
    severity: 0.85,
    priority: 10,
    description: 'Asks the model to ignore everything above or before (the classic indirect injection opener).',
    regex: String.raw`\b(?:ignore|disregard|forget)\s+(?:(?:all|everything|anything)\s+)?(?:(?:of\s+)?(?:the|what${APOS}s|what\s+is|what\s+was|that\s+is)\s+)?(?:above|preceding|foregoing)\b|\b(?:ignore|disregard|forget)\s+(?:all|everything|anything)\s+(?:(?:that\s+)?(?:came|was\s+said|you\s+were\s+told)\s+)?(?:before|previously|earlier)\b`,
    starts: ['ignore', 'disregard', 'forget'],
    anchors: ['ignor', 'disregard', 'forget'],
    scorers: ['default'],
  },
  {
    name: 'NewInstructions',
    category: 'InstructionOverride',
    severity: 0.85,
    priority: 10,
    description: 'Introduces new instructions that replace the current ones.',
    regex: String.raw`\byour\s+new\s+(?:instructions|task|directive|objective)\b|\bnew\s+instructions?\s*(?:are|is|:)|\bfollow\s+(?:these|my|the\s+following)\s+(?:new\s+)?instructions\s+instead\b|\bfrom\s+now\s+on,?\s+(?:you|your)\b`,
    starts: ['your', 'new', 'follow', 'from'],
    anchors: ['new', 'instead', 'now'],
    // "from now on, you will get the newsletter weekly", "your new task is…": common in benign text
    calibratedSeverity: 0.5,
  },
  {
    name: 'NewInstructionsStrong',
    category: 'InstructionOverride',
    severity: 0.85,
    priority: 10,
    description: 'Replaces the instructions outright ("your new instructions are", "follow these instructions instead").',
    regex: String.raw`\byour\s+(?:new|real|true|actual|updated)\s+instructions\b|\bnew\s+instructions?\s*(?:are\b|:)|\bfollow\s+(?:these|my|the\s+following)\s+(?:new\s+)?instructions\s+instead\b`,
    starts: ['your', 'new', 'follow'],
    scorers: ['default'],
  },
  {
    name: 'NoRestrictions',
    category: 'RoleManipulation',
    severity: 0.8,
    priority: 10,
    description: 'Tells the model it has no rules, limits or ethical guidelines.',
    regex: String.raw`\byou\s+(?:now\s+)?(?:have|has)\s+no\s+(?:rules|limits|limitations|restrictions|boundaries|filters|guidelines|constraints|censorship)\b|\byou\s+can\s+(?:now\s+)?do\s+anything\b|\byou\s+are\s+(?:now\s+)?(?:unrestricted|unfiltered|uncensored|unlimited)\b|\b(?:no|without)\s+(?:any\s+)?(?:ethical|moral)\s+(?:guidelines|restrictions|boundaries|constraints|limits)\b`,
    starts: ['you', 'no', 'without'],
    anchors: ['no', 'anything', 'unrestricted', 'unfiltered', 'uncensored', 'unlimited', 'without'],
  },
  {
    name: 'SystemPromptLeak',
    category: 'PromptLeaking',
    severity: 0.8,
    priority: 10,
    description: 'Asks the model to reveal its system prompt, instructions or configuration.',
    regex: String.raw`\b(?:repeat|show|reveal|print|output|display|tell|give|leak|dump|disclose|recite|spell\s+out|write\s+out)\s+(?:me\s+|us\s+)?(?:all\s+(?:of\s+)?)?(?:your\s+(?:(?:system|initial|original|hidden|secret|full|exact|entire)\s+)?|the\s+(?:system|initial|original|hidden|secret)\s+)(?:prompt|instructions|configuration|system\s+(?:message|prompt))\b|\bwhat\s+(?:are|were|is)\s+your\s+(?:(?:system|initial|original|hidden|secret|exact)\s+)?(?:instructions|prompt|system\s+prompt)\b`,
    starts: ['repeat', 'show', 'reveal', 'print', 'output', 'display', 'tell', 'give', 'leak', 'dump', 'disclose', 'recite', 'spell', 'write', 'what'],
    anchors: ['your', 'system', 'initial', 'original', 'hidden', 'secret'],
  },
  {
    name: 'PromptLeakLoose',
    category: 'PromptLeaking',
    severity: 0.65,
    priority: 15,
    description: 'Asks the model to repeat, translate or summarize its instructions (forms SystemPromptLeak does not cover).',
    // hard verbs ("print", "repeat") with any telling qualifier; soft ones ("translate", "summarize")
    // only with one that points at the assistant's own instructions ("your", "system")
    regex: String.raw`\b${LEAK_VERB}\s+(?:${LEAK_WEAK}\s+){0,2}${LEAK_STRONG}\s+(?:(?:${LEAK_WEAK}|${LEAK_STRONG})\s+){0,2}${LEAK_NOUN}\b|\b${LEAK_SOFT_VERB}\s+(?:${LEAK_WEAK}\s+){0,2}${LEAK_SOFT_STRONG}\s+(?:(?:${LEAK_WEAK}|${LEAK_SOFT_STRONG})\s+){0,2}${LEAK_NOUN}\b|\b${LEAK_VERB}\s+(?:${LEAK_WEAK}\s+){0,3}${LEAK_NOUN}\s+(?:above|verbatim|so\s+far|word\s+for\s+word)\b`,
    starts: ['repeat', 'print', 'output', 'reveal', 'show', 'display', 'tell', 'give', 'dump', 'leak', 'disclose', 'recite', 'spell', 'write', 'translate', 'summarize', 'summarise', 'paraphrase', 'explain', 'list', 'convert', 'rewrite', 'encode', 'describe'],
    scorers: ['default'],
  },
  {
    name: 'FakeBoundary',
    category: 'DelimiterInjection',
    severity: 0.7,
    priority: 15,
    description: 'Fakes the end (or start) of the user input with a separator line.',
    // matches from the word, the lookbehind checks the separator: runs of symbols start nothing
    regex: String.raw`(?<=(?:%%%|===|\*\*\*|---|###)[ \t]*)(?:end|begin|start)\s+(?:of\s+)?(?:the\s+)?(?:user\s+)?(?:input|prompt|instructions|query|message|ambiguity|text|conversation)\b`,
    starts: ['end', 'begin', 'start'],
    scorers: ['default'],
  },
  {
    name: 'Base64Instruction',
    category: 'EncodingAttack',
    severity: 0.75,
    priority: 15,
    description: 'Asks the model to decode or execute a base64 payload.',
    regex: String.raw`\bdecode\s+(?:this|the\s+following|it\s+from)\s+(?:base64|b64)\b|\bbase64\s*:\s*[a-z0-9+\/]{20}|\b(?:execute|run|follow)\s+the\s+following\s+base64\b`,
    starts: ['decode', 'base64', 'execute', 'run', 'follow'],
    anchors: ['base64', 'b64'],
    calibratedSeverity: 0.6,
  },
  {
    name: 'RoleChange',
    category: 'RoleManipulation',
    severity: 0.7,
    priority: 15,
    description: 'Asks the model to become someone else.',
    regex: String.raw`\byou\s+are\s+now\s+(?:a|an)\b|\bpretend\s+(?:to\s+be|you\s+are|you${APOS}re|that\s+you\s+are)\b|\bact\s+(?:as|like)\s+(?:a|an)\b|\brole(?:-|\s+)?play\s+as\b|\bassume\s+the\s+(?:role|identity|persona)\s+of\b`,
    starts: ['you', 'pretend', 'act', 'role', 'roleplay', 'assume'],
    anchors: ['now', 'pretend', 'act', 'play', 'assume'],
    // benign role-play requests ("act as a travel guide") share this surface form
    calibratedSeverity: 0.3,
  },
  {
    name: 'GrandmaExploit',
    category: 'RoleManipulation',
    severity: 0.7,
    priority: 20,
    description: 'Uses the "my grandmother used to tell me" framing.',
    regex: String.raw`\bmy\s+${GRANDPARENT}\s+(?:used\s+to|would)\s+(?:tell|read|say|sing|recite)\b|\bpretend\s+(?:to\s+be|you\s+are|you${APOS}re)\s+my\s+${GRANDPARENT}\b|\bact\s+as\s+my\s+${GRANDPARENT}\b`,
    starts: ['my', 'pretend', 'act'],
    anchors: ['gran', 'nana'],
    calibratedSeverity: 0.6,
  },
  {
    name: 'DoAnythingNow',
    category: 'RoleManipulation',
    severity: 0.9,
    priority: 5,
    description: 'Spells out the "do anything now" persona.',
    regex: String.raw`\bdo\s+anything\s+now\b`,
    starts: ['do'],
    scorers: ['default'],
  },
  {
    name: 'PolicyEvasion',
    category: 'InstructionOverride',
    severity: 0.85,
    priority: 10,
    description: 'Declares the model free of, or asks it to break, its rules and content policies.',
    regex: String.raw`\b(?:not|never)\s+(?:be\s+)?bound\s+by\s+(?:any\s+)?(?:(?:the|its|your|their|openai${APOS}s|openai)\s+)?(?:rules|polic(?:y|ies)|guidelines|restrictions|principles|ethics)\b|\bbroken?\s+free\s+(?:of|from)\s+(?:all\s+)?(?:the\s+)?(?:typical\s+)?(?:confines|rules|restrictions|limitations|shackles|chains)\b|\b(?:violat(?:e|es|ing)|ignor(?:e|es|ing)|bypass(?:es|ing)?|break(?:s|ing)?)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:openai|anthropic)(?:${APOS}s)?\s+(?:content\s+)?(?:polic(?:y|ies)|guidelines|rules)\b|\b(?:does\s+not|doesn${APOS}t|do\s+not|don${APOS}t|will\s+not|won${APOS}t|never)\s+(?:have\s+to\s+)?(?:follow|abide\s+by|adhere\s+to|comply\s+with)\s+(?:any\s+)?(?:of\s+)?(?:the\s+|its\s+|your\s+)?(?:rules|polic(?:y|ies)|principles|guidelines|ethical\s+guidelines)\b`,
    starts: ['not', 'never', 'broke', 'broken', 'violat*', 'ignor*', 'bypass*', 'break*', 'does', 'doesn', 'do', 'don', 'will', 'won'],
    scorers: ['default'],
  },
  {
    name: 'IgnorePreviousLoose',
    category: 'InstructionOverride',
    severity: 0.85,
    priority: 10,
    description: 'Asks the model to ignore its instructions, with more words in between than IgnorePrevious allows.',
    regex: String.raw`\b${IGNORE_VERB}\s+(?:${WEAK_MOD}\s+){0,2}${STRONG_MOD}\s+(?:(?:${WEAK_MOD}|${STRONG_MOD})\s+){0,2}(?:instructions?|prompts?|rules|guidelines|programming|directives?|directions?|commands|constraints|restrictions|training|filters)\b`,
    starts: ['ignore', 'disregard', 'forget', 'override'],
    scorers: ['default'],
  },
  {
    name: 'NoRulesLoose',
    category: 'RoleManipulation',
    severity: 0.8,
    priority: 10,
    description: 'Lists away rules and limits ("no rules, no limits"; "no longer bound by").',
    regex: String.raw`\b(?:no|without)\s+(?:any\s+)?(?:ethical|moral)\s+(?:or|and|\/)\s+(?:ethical|moral)\s+(?:guidelines|restrictions|boundaries|constraints|limits|principles)\b|\bno\s+longer\s+(?:bound|governed|restricted|limited|constrained)\s+by\b|\bno\s+(?:rules|limits|limitations|restrictions|filters|guidelines|boundaries)\s*(?:,|and|or)\s*(?:and\s+|or\s+)?no\s+(?:rules|limits|limitations|restrictions|filters|guidelines|boundaries|laws|ethics|morals)\b`,
    starts: ['no', 'without'],
    scorers: ['default'],
  },
  {
    name: 'UnfilteredPersona',
    category: 'RoleManipulation',
    severity: 0.75,
    priority: 15,
    description: 'Describes an unfiltered, uncensored or amoral AI persona.',
    regex: String.raw`\b(?:unfiltered|uncensored|amoral|unrestricted|unethical)(?:\s*,\s*|\s+and\s+|\s+)(?:(?:unfiltered|uncensored|amoral|unrestricted|unethical|immoral|evil)\s+(?:and\s+)?)?(?:ai|assistant|chatbot|chat\s*bot|model|bot|language\s+model|persona|response|responses)\b|\b(?:unfiltered|uncensored|amoral|unethical)\s*,\s*(?:unfiltered|uncensored|amoral|unethical|immoral)\b|\b(?:unfiltered|uncensored|amoral|unrestricted|unethical)\s+version\s+of\s+(?:chatgpt|gpt|yourself|you|the\s+ai|an?\s+ai|the\s+assistant)\b|\b(?:does\s+not|doesn${APOS}?t|do\s+not|don${APOS}?t)\s+have\s+any\s+(?:ethical|moral|ethics)\b`,
    starts: ['unfiltered', 'uncensored', 'amoral', 'unrestricted', 'unethical', 'does', 'doesn', 'doesnt', 'do', 'don', 'dont'],
    scorers: ['default'],
  },
  {
    name: 'NoRefusal',
    category: 'RoleManipulation',
    severity: 0.75,
    priority: 15,
    description: 'Forbids the model to refuse, or to say it cannot do something.',
    regex: String.raw`\b(?:never|not|won${APOS}t|will\s+not|cannot|can${APOS}t|must\s+not|should\s+not|shall\s+not)\s+(?:ever\s+)?(?:refuse|decline)\s+(?:to\s+|a\s+|any\s+|my\s+|your\s+)|\bnever\s+(?:tell|say|inform)\s+(?:me\s+|the\s+user\s+)?(?:that\s+)?(?:it|you|he|she|they)\s+(?:can${APOS}?t|cannot|can\s+not|is\s+unable|are\s+unable)\b|\bno\s+matter\s+how\s+(?:immoral|unethical|illegal|harmful|dangerous|offensive|inappropriate)\b`,
    starts: ['never', 'not', 'won', 'will', 'cannot', 'can', 'must', 'should', 'shall', 'no'],
    scorers: ['default'],
  },
  {
    name: 'StayInCharacter',
    category: 'RoleManipulation',
    severity: 0.5,
    priority: 20,
    description: 'Insists the model stays in (or never breaks) a persona.',
    calibratedSeverity: 0.4,
    regex: String.raw`\b(?:stay|remain|keep)\s+in\s+character\b|\b(?:never|don${APOS}t|do\s+not)\s+break\s+character\b`,
    starts: ['stay', 'remain', 'keep', 'never', 'don', 'do'],
    scorers: ['default'],
  },
  {
    name: 'HypotheticalScenario',
    category: 'ContextManipulation',
    severity: 0.6,
    priority: 25,
    description: 'Frames the request as hypothetical or "for educational purposes only".',
    regex: String.raw`\bin\s+a\s+(?:purely\s+)?hypothetical\s+(?:world|scenario|situation|universe|setting)\b|\bimagine\s+a\s+world\s+(?:where|in\s+which)\s+there\s+(?:are|is)\s+no\s+(?:rules|laws|restrictions|limits|ethics)\b|\bfor\s+(?:purely\s+)?(?:educational|research|academic)\s+purposes\s+only\b`,
    starts: ['in', 'imagine', 'for'],
    anchors: ['hypothetical', 'imagine', 'purposes'],
    calibratedSeverity: 0.35,
  },
] satisfies JailbreakPattern[]);
