import 'reflect-metadata';
import { AgentStudioError } from '@agent-studio/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { depsApproveCommand } from './deps/depsApproveCommand.js';
import { depsCheckCommand } from './deps/depsCheckCommand.js';
import { depsSuggestCommand } from './deps/depsSuggestCommand.js';
import { evalPiiCommand } from './eval/evalPiiCommand.js';
import { evalPromptSafetyCommand } from './eval/evalPromptSafetyCommand.js';
import { runCommand } from './runCommand.js';

/**
 * A stream the command writes to.
 * @category CLI
 */
export interface OutputStream {
  /**
   * Writes text.
   * @param text - the text
   */
  write(text: string): unknown;
  /** Whether it is a terminal (colours are used only then). */
  readonly isTTY?: boolean;
}

/**
 * Where the command writes.
 * @category CLI
 */
export interface CliIo {
  /** Standard output. */
  readonly stdout: OutputStream;
  /** Standard error. */
  readonly stderr: OutputStream;
  /** The environment. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The `agent-studio` command. Errors print one line (`error CODE: message`) and a non-zero exit
 * code; the stack only with `--debug`.
 *
 * @param argv - `process.argv`
 * @param io - output streams and environment
 * @returns the exit code
 * @example
 * ```ts
 * process.exitCode = await main(process.argv);
 * ```
 * @category CLI
 */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let exitCode = 0;
  let debug = argv.includes('--debug');
  const program = new Command('agent-studio')
    .description('Agent Studio: run agents whose every model and tool call goes through enforcement plugins.')
    .version('0.1.0')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('run')
    .description('run an agent on one message and print its timeline')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('-m, --message <text>', 'the user message (default: the agent file\'s sample message)')
    .addOption(new Option('--model <kind>', 'scripted: the agent file\'s script, no network; openai: OPENAI_BASE_URL / OPENAI_API_KEY').choices(['scripted', 'openai']).default('scripted'))
    .option('--json', 'print one JSON document instead of the timeline', false)
    .option('--user <id>', 'user id to run as', 'local-user')
    .option('--tenant <id>', 'tenant id', 'local')
    .option('--no-color', 'no colours')
    .action(async (file: string, opts: { message?: string; model: 'scripted' | 'openai'; json: boolean; user: string; tenant: string; color: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await runCommand(
        file,
        {
          ...(opts.message === undefined ? {} : { message: opts.message }),
          model: opts.model,
          json: opts.json,
          user: opts.user,
          tenant: opts.tenant,
          color: opts.color && io.stdout.isTTY === true && io.env.NO_COLOR === undefined,
        },
        io.env,
      );
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  const deps = program.command('deps').description('inspect tool dependency graphs (plugin-tool-dependencies)');
  deps
    .command('check')
    .description('validate an agent file\'s tool dependency graph(s): schema, cycles, tools unknown to the agent; print tools, prerequisites, order')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('--graph <file>', 'JSON file with the agent\'s graph (R-DEP-1); default: the agent file\'s dependencyGraphs export')
    .option('--json', 'print the report as one JSON object', false)
    .action(async (file: string, opts: { graph?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsCheckCommand(file, { json: opts.json, ...(opts.graph === undefined ? {} : { graph: opts.graph }) });
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  deps
    .command('suggest')
    .description('ask a model to propose the agent\'s tool dependency graph and write it as a draft for an administrator to approve (R-DEP-12)')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('--agent <name>', 'the agent the graph is for (default: the app\'s agent)')
    .option('--out <file>', 'the draft file (default: <agent-file-dir>/<agent>.deps.draft.json)')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (file: string, opts: { agent?: string; out?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsSuggestCommand(
        file,
        { json: opts.json, ...(opts.agent === undefined ? {} : { agent: opts.agent }), ...(opts.out === undefined ? {} : { out: opts.out }) },
        io.env,
      );
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  deps
    .command('approve')
    .description('validate a draft graph written by deps suggest and write the approved graph that deps check --graph and the plugin load')
    .argument('<draft-file>', 'the draft written by agent-studio deps suggest')
    .requiredOption('--by <admin>', 'the approving administrator (recorded as approvedBy)')
    .option('--out <file>', 'the approved graph file (default: the draft path without .draft)')
    .option('--app <agent-file>', 'also check the graph against this agent file\'s capabilities')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (file: string, opts: { by: string; out?: string; app?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsApproveCommand(file, {
        by: opts.by,
        json: opts.json,
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.app === undefined ? {} : { app: opts.app }),
      });
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });

  const evaluate = program.command('eval').description('measure a trust layer on a labelled JSONL file (one row per line)');
  evaluate
    .command('pii')
    .description('measure the PII masker: precision and recall per type, decoy rows hit, throughput')
    .requiredOption('--data <file>', 'JSONL file: { text, spans: [{ start, end, type, value }], category } per line')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (opts: { data: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await evalPiiCommand(opts.data, { json: opts.json });
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });
  evaluate
    .command('prompt-safety')
    .description('measure the prompt-injection detector: TPR, FPR, F1, throughput, flagged share per category')
    .requiredOption('--data <file>', 'JSONL file: { text, label: 0|1, category } per line')
    .addOption(new Option('--scorer <name>', 'the scorer').choices(['default', 'parity']).default('default'))
    .option('--threshold <n>', 'the blocking threshold, 0..1 (default 0.6)', parseThreshold)
    .option('--json', 'print the report as one JSON object', false)
    .action(async (opts: { data: string; scorer: 'default' | 'parity'; threshold?: number; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await evalPromptSafetyCommand(opts.data, {
        json: opts.json,
        scorer: opts.scorer,
        ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
      });
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const line = AgentStudioError.is(error) ? `error ${error.code}: ${error.message}` : `error: ${(error as Error)?.message ?? String(error)}`;
    io.stderr.write(`${line.split('\n').join('\n  ')}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

/** Commander parser of `--threshold`: a number from 0 to 1. */
function parseThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return n;
}
